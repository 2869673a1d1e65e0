"""Drude transport: the mean free path from <g>(L) against the Born approximation
=================================================================================

In a diffusive wire between ideal leads the mean conductance follows
Ohm's law with the contact (Sharvin) resistance included automatically,
<g> = N l / (L + l), plus the weak-localization offset -1/3 (spinless, zero
field; DMPK: <g> = N/(1+s) - (1/3)[1 - (1+s)^-3], s = L/l).  Fitting this
form to the simulated <g>(L) measures the DMPK mean free path l.

Theory: the Born scattering rate hbar/tau = (pi/6) W^2 nu(E) and the Kubo
formula for the square lattice give the sheet conductance g_sq, hence
l = g_sq W_y / N (docs/theory/drude.md#mean-free-path-of-a-wire).  Here W_y = 30 sites, E = 2t from the band
bottom, box disorder W = 2t, N = 15 channels: l_Born = 14.96 a.

Tolerance: 5 % of l_Born, the systematic accuracy of the Born approximation
and of DMPK for lattice wires with W <~ 2t (docs/theory/drude.md#check-against-kwant:
the spot check found 2 %); the statistical error is shown separately and is ~1 %.
Lengths stay below xi/3 (xi = (N+1) l ~ 240 a), where DMPK's mean applies.

References: Beenakker, RMP 69, 731 (1997); Mello & Stone, PRB 44, 3559 (1991).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("drude_mean_free_path")
width, energy, disorder = 30, 2.0, 2.0
lengths = np.array(pick([30, 45, 60, 90], [20, 30, 45, 60, 75, 90]))
n_seeds = pick(300, 1500)
n_channels = int(theory.open_channels(energy, width))
l_born = theory.born_mean_free_path(energy, disorder, width)

# %%
means, errors = [], []
for length in lengths:
    ds = physics.ensemble(devices.Wire(width=width, length=int(length)), energy=energy,
                          seeds=range(n_seeds), disorder=disorder)
    g = ds.conductance
    mean, error = physics.statistics.mean(g)
    means.append(float(mean))
    errors.append(float(error))
means, errors = np.array(means), np.array(errors)
l_fit, l_error, chi2 = physics.measurements.fit_mean_free_path(lengths, means, errors,
                                                               n_channels)
checks.add("mean free path l (a)", l_fit, l_error, l_born, 0.05 * l_born, "a",
           note=f"reduced chi^2 of the DMPK fit {chi2:.2f}")

# %%
fig, (ax, ax_ohm) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
ax.errorbar(lengths, means, errors, fmt="o", label=f"simulation, {n_seeds} seeds per L")
grid = np.linspace(lengths.min() * 0.8, lengths.max() * 1.1, 200)
ax.plot(grid, theory.dmpk_mean_conductance(n_channels, grid / l_born, 1), "k-",
        label=f"DMPK with Born l = {l_born:.2f} a")
ax.plot(grid, theory.dmpk_mean_conductance(n_channels, grid / l_fit, 1), "C1--",
        label=f"fit: l = {l_fit:.2f} ± {l_error:.2f} a")
ax.set_xlabel("L (a)")
ax.set_ylabel("<g> (e²/h)")
ax.set_title(f"Wire W = {width}, E = {energy} t, disorder {disorder} t, N = {n_channels}")
ax.legend()
# Ohm's law with contact resistance: N/(<g> + 1/3) - 1 = L/l, a straight line.
wl = -theory.weak_localization_correction(1)
ax_ohm.errorbar(lengths, n_channels / (means + wl) - 1,
                n_channels * errors / (means + wl) ** 2, fmt="o", label="simulation")
ax_ohm.plot(grid, grid / l_born, "k-", label="L / l_Born")
ax_ohm.plot(grid, grid / l_fit, "C1--", label="L / l_fit")
ax_ohm.set_xlabel("L (a)")
ax_ohm.set_ylabel("N / (<g> + 1/3) − 1")
ax_ohm.set_title("Resistance grows linearly with L")
ax_ohm.legend()
checks.save_figure(fig)
checks.save()
