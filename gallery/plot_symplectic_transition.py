"""A metal-insulator transition in 2D: the SU(2) model (symplectic class)
========================================================================

Without spin-orbit coupling every 2D state is localized; with strong
spin-orbit coupling weak antilocalization makes beta(g) positive at large g
and a true metal-insulator transition appears (docs/theory/scaling.md#the-2d-symplectic-transition).
The SU(2) model
(square lattice, Haar-random SU(2) hoppings, box disorder; Asada, Slevin,
Ohtsuki PRL 89, 256601 (2002)) has its transition at W_c ~ 5.95 t for E = 1 t
from the band centre, with Lambda_c ~ 1.84 and nu ~ 2.7.

Lambda_M = lambda_M / M of long strips of width M (periodic transverse
boundaries, spinful transfer matrix with the same SU(2) hoppings as
devices.Wire(spin=True, so_disorder=1), checked against Kwant in
tests/test_scaling.py): growing with M in the metal, shrinking in the
insulator, crossing at W_c.  Fit: Lambda = Lambda_c + a1 z + a2 z^2, z = (W - W_c) M^(1/nu), nu
fixed at 2.75 (two or three sizes cannot fix nu).

Tolerances: W_c within 0.3 t (the drift of small-M crossings,
docs/theory/scaling.md#finite-size-scaling) combined
with 3 standard errors; Lambda_c within 3 standard errors of 1.84.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
from devices.slices import BarSlices
from physics import scaling

from _common import Checks, pick

checks = Checks("symplectic_transition")
widths = pick([8, 16], [8, 16, 24, 32])
disorders = np.array(pick([5.0, 5.5, 6.0, 6.5, 7.0], [5.0, 5.4, 5.8, 6.0, 6.2, 6.6, 7.0]))
length = pick(40_000, 200_000)
energy = 5.0  # 1 t above the band centre (energies from the band bottom)


slices = {m: BarSlices(devices.Wire(width=m, length=1, spin=True), periodic=True)
          for m in widths}
values, errors = scaling.normalized_localization_lengths(slices, disorders, energy, length,
                                                         so_disorder=1.0)
fit = scaling.fit_finite_size_scaling(np.tile(disorders, len(widths)),
                                      np.repeat(widths, len(disorders)), values.ravel(),
                                      errors.ravel(), w_c=6.0, nu=2.75, order=2,
                                      fixed_nu=True)
print(f"W_c = {fit['w_c']:.2f} ± {fit['w_c_error']:.2f}, Lambda_c = {fit['lambda_c']:.3f} ± "
      f"{fit['lambda_c_error']:.3f}, chi2/dof = {fit['chi2']:.2f}")
checks.add("critical disorder W_c (t), SU(2) model", fit["w_c"], fit["w_c_error"], 5.95,
           np.hypot(0.3, 3 * fit["w_c_error"]), "t")
checks.add("critical Lambda_c", fit["lambda_c"], fit["lambda_c_error"], 1.84,
           3 * fit["lambda_c_error"])

# %%
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
for k, width in enumerate(widths):
    ax.errorbar(disorders, values[k], errors[k], fmt="o-", ms=4, label=f"M = {width}")
ax.axvline(5.95, color="k", ls=":", label="W_c ≈ 5.95 (Asada et al.)")
ax.axvline(fit["w_c"], color="C3", ls="--",
           label=f"fit W_c = {fit['w_c']:.2f} ± {fit['w_c_error']:.2f}")
ax.set_xlabel("disorder W (t)")
ax.set_ylabel("Λ_M = λ_M / M")
ax.set_title("2D SU(2) model, E = 1 t from the band centre: strips of width M", fontsize=10)
ax.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
