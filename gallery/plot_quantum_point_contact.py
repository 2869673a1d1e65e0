"""Quantum point contact: conductance steps of a gated constriction
=================================================================

A split gate depletes the two-dimensional electron gas except for a narrow
constriction; near its narrowest point the potential is a saddle,
V(x, y) = V0 - m omega_x^2 x^2 / 2 + m omega_y^2 y^2 / 2.  Buttiker (Phys. Rev. B 41,
7906 (1990)) solved this saddle exactly: transverse mode n sees an inverted
parabola of height V0 + hbar omega_y (n + 1/2) and is transmitted with
T_n = 1 / (1 + exp(-pi eps_n)), eps_n = 2 [E - hbar omega_y (n + 1/2) - V0] / hbar omega_x.
The conductance rises in steps of e^2/h (one spin here) at E = V0 + hbar omega_y (n + 1/2),
each step as wide as hbar omega_x / pi.

The device is a wire with a solve-time potential (devices.Wire(..., potential=saddle)):
V(x, y) = V0 exp(-(x - x0)^2 / 2 l^2) + a_y (y - y0)^2 exp(-((x - x0) / l_y)^4), a saddle
at (x0, y0) with hbar omega_x = sqrt(2 V0) / l and hbar omega_y = 2 sqrt(a_y) t
(t = hbar^2 / 2 m a^2), which opens smoothly into the clean leads.  The confinement's
envelope has no x^2 term at the centre, so every transverse mode sees the same
hbar omega_x, as in Buttiker's saddle (with V0 + a_y y^2 times one Gaussian, mode n
would see an x-curvature growing with n, and the upper steps come out broader).  V0 is the gate parameter: a keyword
parameter of the potential function, so it is swept like any solve-time
parameter.  Continuum limit: energies up to ~0.5 t (k a < 0.8) and a transverse
confinement length sqrt(2 t a^2 / hbar omega_y) = 4.5 a.

Checks (quick and full mode are the same deterministic, clean system):

* the step midpoints (g = n + 1/2) against V0 + hbar omega_y (n + 1/2) for the first three
  steps, within 0.06 hbar omega_y: they come out 0.008, 0.013 and 0.023 hbar omega_y low
  (the lattice's band curvature lowers the effective hbar omega_y by a few per cent; the
  same numbers at 61 x 101 sites, so it is not the finite sample);
* the step widths: the slope dg/dE at each midpoint against pi / (2 hbar omega_x) within
  5 % (measured within 1.5 %);
* the gate sweep: at fixed E the steps appear at V0 = E - hbar omega_y (n + 1/2), within
  0.06 hbar omega_y.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("quantum_point_contact")
V0, A_Y, L_X, L_Y = 0.15, 0.0025, 11.0, 20.0
HW_X, HW_Y = np.sqrt(2 * V0) / L_X, 2 * np.sqrt(A_Y)
WIDTH, LENGTH = pick(41, 61), pick(81, 101)


def saddle(x, y, v0=V0, a_y=A_Y, l_x=L_X, l_y=L_Y, x0=(LENGTH - 1) / 2, y0=(WIDTH - 1) / 2):
    """Split-gate saddle (t): v0 is the gate-controlled barrier height."""
    return (v0 * np.exp(-0.5 * ((x - x0) / l_x) ** 2)
            + a_y * (y - y0) ** 2 * np.exp(-((x - x0) / l_y) ** 4))


qpc = devices.Wire(width=WIDTH, length=LENGTH, potential=saddle)

# %% g(E) against Buttiker's formula
energies = np.linspace(0.1, 0.5, pick(41, 81))
g = np.array([physics.conductance(qpc, e) for e in energies])
buttiker = theory.saddle_point_transmission(energies, V0, HW_X, HW_Y)


def midpoint_and_slope(x, y, level):
    """Where y crosses ``level`` (linear interpolation) and the slope there."""
    k = int(np.argmax(y > level))
    slope = (y[k] - y[k - 1]) / (x[k] - x[k - 1])
    return x[k - 1] + (level - y[k - 1]) / slope, slope


for n in range(3):
    expected = V0 + HW_Y * (n + 0.5)
    fine = np.linspace(expected - 0.02, expected + 0.02, 9)
    g_fine = np.array([physics.conductance(qpc, e) for e in fine])
    middle, slope = midpoint_and_slope(fine, g_fine, n + 0.5)
    checks.add(f"step {n + 1}: midpoint E_{n} (g = {n} + 1/2)", middle, 0.005 / 4, expected,
               0.06 * HW_Y, "t", "V0 + hbar omega_y (n + 1/2)")
    checks.add(f"step {n + 1}: slope dg/dE at the midpoint", slope, 0,
               np.pi / (2 * HW_X), 0.05 * np.pi / (2 * HW_X), "1/t", "pi / (2 hbar omega_x)")

# %% Gate sweep at fixed energy
energy = 0.42
gates = np.linspace(-0.05, 0.4, pick(46, 91))
g_gate = np.array([physics.conductance(qpc, energy, v0=v) for v in gates])
order = np.argsort(-gates)  # g rises as the gate voltage (barrier) falls
for n in range(2):
    expected = energy - HW_Y * (n + 0.5)
    middle, _ = midpoint_and_slope(-gates[order], g_gate[order], n + 0.5)
    checks.add(f"gate sweep: step {n + 1} at V0", -middle, 0.005, expected, 0.06 * HW_Y, "t",
               "E - hbar omega_y (n + 1/2)")

# %% Figure
fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), layout="constrained")
x, y = qpc.site_positions.T
landscape = saddle(x, y)
image = axes[0].tripcolor(x, y, landscape, cmap="viridis", shading="gouraud")
fig.colorbar(image, ax=axes[0], label="V (t)")
axes[0].set(title=f"saddle potential, V0 = {V0} t ({WIDTH}×{LENGTH} sites)", xlabel="x (a)",
            ylabel="y (a)", aspect="equal")
axes[1].plot(energies, g, "o", ms=3, label="simulation (lattice)")
axes[1].plot(energies, buttiker, "-", label="Büttiker saddle point")
for n in range(4):
    axes[1].axvline(V0 + HW_Y * (n + 0.5), color="0.8", lw=0.8, zorder=0)
axes[1].set(xlabel="E (t, from the band bottom)", ylabel="g (e²/h)",
            title=f"ħω_y = {HW_Y:.3f} t, ħω_x = {HW_X:.3f} t")
axes[1].legend()
axes[2].plot(gates, g_gate, "o-", ms=3)
axes[2].plot(gates, theory.saddle_point_transmission(energy, gates, HW_X, HW_Y), "-",
             label="Büttiker (same curvatures)")
axes[2].set(xlabel="barrier V0 (gate, t)", ylabel="g (e²/h)",
            title=f"gate sweep at E = {energy} t")
axes[2].legend()
checks.save_figure(fig)
checks.save()
