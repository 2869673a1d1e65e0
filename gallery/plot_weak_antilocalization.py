"""Weak antilocalization in Rashba wires
========================================

Spin-orbit coupling rotates the electron spin along its path; for a
time-reversed pair of paths the rotations are inverse, and once the spin has
relaxed (L >> L_s) the Cooperon's singlet channel flips the sign of the
interference: the conductance has a *maximum* at zero field (weak
antilocalization), and the ensemble falls into the symplectic class (beta = 4).
In a field the magnetoconductance therefore changes sign from positive (WL)
to negative (WAL) as the Rashba coupling grows (Hikami, Larkin, Nagaoka 1980;
Iordanskii, Lyanda-Geller, Pikus JETP Lett. 60, 206 (1994);
docs/theory/weak_localization.md#hln-with-spin-orbit-coupling).

1. Delta g(phi) = <g(phi) - g(0)> of a spinful 20 x 60 wire (E = 2t, disorder 2t)
   at small fields for Rashba couplings 0 ... 0.3 t: positive at alpha = 0,
   negative once the spin-precession length ta/(2 alpha) drops below L.
2. The symplectic UCF value: var g of a strong-Rashba (alpha = 0.5 t) wire long
   compared with the spin-relaxation length (L_s ~ l ~ 15 a in this strong-SOC
   regime, docs/theory/spin_orbit.md#strong-coupling:
   L = 150 a) equals the beta = 4 mode sum d^2/beta x 0.1346
   (L/W = 5) = 0.1346 in Kwant's g (both spins), i.e. a quarter of the spin-degenerate
   value without spin-orbit coupling.

Tolerances: magnetoconductance signs at 3 standard errors (paired differences,
same realizations at both fields); variance: 3 standard errors
sigma = var sqrt(2/(n-1)).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("weak_antilocalization")
energy, disorder = 2.0, 2.0
phis = np.array([0.0, 2e-4, 5e-4, 1e-3])
rashbas = pick([0.0, 0.03, 0.1, 0.3], [0.0, 0.02, 0.04, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5])
n_seeds = pick(200, 1000)

# %% 1. Sign change of the magnetoconductance
wire = devices.Wire(width=20, length=60, spin=True)
curves = {}
for alpha in rashbas:
    ds = physics.ensemble(wire, energy=energy, seeds=range(n_seeds), sweep={"phi": phis},
                          disorder=disorder, rashba=alpha)
    curves[alpha] = physics.measurements.paired_difference(ds.conductance.values, 0)
weakest, strongest = rashbas[0], rashbas[-1]
d, e = curves[weakest]
checks.add_bound(f"Δg(φ = {phis[1]:g}), rashba = {weakest} (WL: positive)", d[1], e[1],
                 lower=0, unit="e²/h")
d, e = curves[strongest]
checks.add_bound(f"Δg(φ = {phis[1]:g}), rashba = {strongest} (WAL: negative)", d[1], e[1],
                 upper=0, unit="e²/h")

# %% 2. Symplectic UCF in a long strong-Rashba wire
width, length = 30, 150
long_wire = devices.Wire(width=width, length=length, spin=True)
g = physics.ensemble(long_wire, energy=energy, seeds=range(pick(200, 1000)),
                     disorder=disorder, rashba=0.5).conductance.values
var = g.var(ddof=1)
var_error = var * np.sqrt(2 / (g.size - 1))
expected = theory.ucf_mode_sum(length / width, beta=4, degeneracy=2)
checks.add(f"var g, Rashba 0.5 t, {width}x{length} (β=4)", var, var_error, expected,
           3 * var_error, "(e²/h)²",
           note=f"spin-degenerate without SOC would be {4 * theory.ucf_mode_sum(length / width):.3f}")

# %% Figure
fig, (ax_b, ax_c) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
colors = plt.cm.coolwarm(np.linspace(0, 1, len(rashbas)))
for (alpha, (d, e)), color in zip(curves.items(), colors):
    x = np.concatenate([-phis[::-1], phis[1:]])
    y = np.concatenate([d[::-1], d[1:]])
    err = np.concatenate([e[::-1], e[1:]])
    ax_b.errorbar(x, y, err, fmt="o-", ms=3, color=color, label=f"α = {alpha} t")
ax_b.axhline(0, color="k", lw=0.5)
ax_b.set_xlabel("φ (h/e per plaquette)")
ax_b.ticklabel_format(axis="x", style="sci", scilimits=(0, 0))
ax_b.set_ylabel("Δg = <g(φ) − g(0)> (e²/h)")
ax_b.set_title("WL peak turns into a WAL dip (20x60, both spins)", fontsize=10)
ax_b.legend(fontsize=8)
ax_c.plot(rashbas, [curves[a][0][2] for a in rashbas], "o-", label=f"Δg(φ = {phis[2]:g})")
ax_c.errorbar(rashbas, [curves[a][0][2] for a in rashbas],
              [curves[a][1][2] for a in rashbas], fmt="none", color="C0")
ax_c.axhline(0, color="k", lw=0.5)
ax_c.set_xscale("symlog", linthresh=0.02)
ax_c.set_xlabel("Rashba coupling α (t)")
ax_c.set_ylabel("Δg (e²/h)")
ax_c.set_title(f"Crossover; long wire: var g = {var:.3f} ± {var_error:.3f} "
               f"(β=4: {expected:.3f})", fontsize=10)
ax_c.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
