"""Field geometry: perpendicular versus in-plane fields, Zeeman versus orbital
=============================================================================

Weak localization is destroyed by the magnetic *flux* through the loops of
time-reversed paths, so what matters is the sample's extent perpendicular to
both the field and the current.  In a coherent wire or slab (dirty limit,
docs/theory/weak_localization.md#field-geometry)
the Cooperon acquires the mass ``l_B^-2 = W_perp^2 / (3 l_m^4)``,
``l_m^-2 = 2 pi phi``, and ``Delta g(phi) = 1/3 - f(c phi)`` with
``f(x) = coth x / x - 1/x^2`` and ``c = (2 pi / sqrt 3) L W_perp``.  For a slab of
width W (y) and thickness H (z) with the current along x, a perpendicular
field (z) has ``W_perp = W``, an in-plane field across the current (y) has
``W_perp = H`` (on the lattice ``W_perp^2 = n^2 - 1`` for n sites, the variance
of the uniform transverse zero mode).  The in-plane field needs W/H times more
field for the same suppression.

1. A 3D slab (cubic lattice, spinless) in a z field and in a y field, on the
   same disorder realizations, at the same values of ``x = c phi``: fitting
   ``1/3 - f(c phi)`` to the low-field part (x <= 3, below half suppression at
   x = 4.73) gives the two field scales, whose ratio is the ratio of the
   half-suppression fields.  The quasi-1D mass needs W_perp << L: for a box
   whose width is not small against its length the field also couples the
   zero mode to the transverse diffusion modes, which lowers the low-field
   curvature (second-order estimate: by ~6 (W_perp/L)^2).  The reference is
   therefore the dirty-limit Cooperon of the actual box with all its modes
   (`physics.magnetotransport.cooperon_magnetoconductance`: the diffusion
   operator with charge-2e phases on the grid of sites, absorbing ends,
   reflecting sides; no free parameter), fitted with the same model at the
   same fields.  Here the z field (W/L = 0.38) is 21 % less effective than
   the quasi-1D formula says, the y field (H/L = 0.16) 2 %, so c_z/c_y is
   ~1.96 instead of sqrt((W^2-1)/(H^2-1)) = 2.44; a second check shows that
   the same Cooperon recovers the W_perp ratio for a 10 times longer slab
   (2 %).  Tolerance of the simulation check: 3 standard errors of the ratio
   plus 5 % for flux cancellation, which lowers the thin direction's scale by
   O(l_tr/H) (l_tr/H ~ 0.3 here; docs/theory/weak_localization.md#flux-cancellation).
   Both simulated scales sit
   below the box Cooperon by a common factor (~0.77 in c; printed, not
   tested), which cancels in the ratio: at g ~ 1.7 higher-order (1/g)
   corrections and short non-diffusive loops (docs/theory/weak_localization.md#pitfalls) reduce the
   field sensitivity.  At larger x the z field leaves the transverse modes
   and short loops alive longer (figure).
2. Zeeman versus orbital field in a spinful 2D wire without spin-orbit
   coupling: ``H = H_0 (x) 1 + (E_Z/2) sigma_z`` splits into two spinless copies
   at ``E -+ E_Z/2`` (exact; tests/test_field_geometry.py), each still
   time-reversal invariant.  So a Zeeman splitting E_Z >> E_T keeps the WL
   correction (AI + AI, -2/3 in total, docs/theory/conventions.md#symmetry-classes) but decorrelates the
   two spins: the magnetoconductance amplitude ``<g(phi) - g(0)>`` at the same
   orbital field is the same with and without Zeeman (tolerance 3 standard
   errors of the difference), while ``var g`` at zero field halves (8/15 ->
   4/15 in a long wire; here the ratio 1/2 is tested, 3 standard errors).
   The orbital field phi = 0.012 (~6 B_tr) removes only part of the -2/3
   (short non-diffusive loops survive, docs/theory/weak_localization.md#pitfalls): the test is the
   equality of the two amplitudes, not their value.  E and E -+ E_Z/2 lie
   between subband thresholds, so both copies see the same kind of channels.

References: Altshuler & Aronov, JETP Lett. 33, 499 (1981); Beenakker & van
Houten, PRB 38, 3232 (1988); Lee & Stone PRL 55, 1622 (1985).
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import magnetotransport, theory

from _common import Checks, pick

checks = Checks("field_geometry")
start = time.perf_counter()

# %% 1. Perpendicular versus in-plane field in a 3D slab
width, length, thickness = pick((12, 32, 5), (16, 40, 6))
energy_3d, disorder_3d = 5.0, 5.0   # 3D band centre is 6; l ~ 2a (docs/theory/drude.md#tabulated-values)
n_seeds_3d = pick(300, 1000)
x_fit = np.array(pick([1.5, 3.0], [1.0, 2.0, 3.0]))
x_show = np.array(pick([8.0], [5.0, 8.0, 12.0]))
x_all = np.concatenate([x_fit, x_show])
film = devices.Film(width=width, length=length, thickness=thickness)
directions = {"perpendicular (z)": (0.0, 0.0, 1.0), "in-plane, across the current (y)": (0.0, 1.0, 0.0)}
slab = {}
g_zero = None
low = slice(0, len(x_fit))
for label, direction in directions.items():
    extent = theory.cooperon_transverse_extent(width, thickness, direction)
    c_dirty = theory.coherent_wire_field_scale(length, extent)
    phis = x_all / c_dirty   # the same x = c phi for both directions
    grid = phis if g_zero is not None else np.concatenate([[0.0], phis])
    g = physics.ensemble(film, energy=energy_3d, seeds=range(n_seeds_3d), sweep={"phi": grid},
                         disorder=disorder_3d, field_direction=direction,
                         executor="serial").conductance.values
    if g_zero is None:
        g_zero, g = g[:, 0], g[:, 1:]
    diff = g - g_zero[:, None]   # paired with the same seed's zero-field value
    mean, error = diff.mean(axis=0), diff.std(axis=0, ddof=1) / np.sqrt(diff.shape[0])
    fit = physics.measurements.fit_coherent_wire_magnetoconductance(
        phis[low], mean[low], error[low], amplitude=1 / 3)
    # Parameter-free dirty-limit reference: the Cooperon of this box with all modes,
    # fitted with the same model at the same fields and weights.
    cooperon = theory.cooperon_magnetoconductance(
        (length, width, thickness), phis, direction)
    fit_cooperon = physics.measurements.fit_coherent_wire_magnetoconductance(
        phis[low], cooperon[low], error[low], amplitude=1 / 3)
    slab[label] = dict(extent=extent, c_dirty=c_dirty, phis=phis, mean=mean, error=error,
                       fit=fit, cooperon=cooperon, c_cooperon=fit_cooperon["scale"],
                       direction=direction)
    print(f"{label}: W_perp = {extent:.2f}; c: quasi-1D dirty {c_dirty:.0f}, box Cooperon "
          f"{fit_cooperon['scale']:.0f}, simulation {fit['scale']:.0f} ± {fit['scale_error']:.0f}"
          f" (chi2/dof {fit['chi2']:.2f}); Delta g = {np.round(mean, 4)} ± {np.round(error, 4)}, "
          f"Cooperon {np.round(cooperon, 4)}")
print(f"slab <g(0)> = {g_zero.mean():.2f}, var g = {g_zero.var(ddof=1):.3f}")
perp, inplane = slab.values()
ratio = perp["fit"]["scale"] / inplane["fit"]["scale"]
ratio_error = ratio * np.hypot(perp["fit"]["scale_error"] / perp["fit"]["scale"],
                               inplane["fit"]["scale_error"] / inplane["fit"]["scale"])
ratio_cooperon = perp["c_cooperon"] / inplane["c_cooperon"]
ratio_quasi_1d = perp["extent"] / inplane["extent"]
common = [d["fit"]["scale"] / d["c_cooperon"] for d in slab.values()]
checks.add("B_1/2(in-plane) / B_1/2(perpendicular) = c_z / c_y, vs the box Cooperon", ratio,
           ratio_error, ratio_cooperon, 3 * ratio_error + 0.05 * ratio_cooperon,
           note=f"quasi-1D limit W_perp ratio = {ratio_quasi_1d:.2f} (W/H = "
                f"{width / thickness:.2f}) needs L >> W; common factor c_sim/c_Cooperon = "
                f"{common[0]:.2f} (z), {common[1]:.2f} (y), not tested")
# The W/H law is the long-slab limit of the same Cooperon: lengthen the box 10 times.
long_scales = []
for data in slab.values():
    long_length = 10 * length
    phis_long = x_fit / theory.coherent_wire_field_scale(long_length + 1, data["extent"])
    values = theory.cooperon_magnetoconductance(
        (long_length, width, thickness), phis_long, data["direction"])
    long_scales.append(physics.measurements.fit_coherent_wire_magnetoconductance(
        phis_long, values, np.full(values.shape, 1e-3), amplitude=1 / 3)["scale"])
checks.add(f"Cooperon of a {10 * length}-long slab: c_z / c_y = W_perp(z) / W_perp(y)",
           long_scales[0] / long_scales[1], 0, ratio_quasi_1d, 0.02 * ratio_quasi_1d,
           note="theory self-consistency; residual O((W/L)^2) from the transverse modes")
print(f"3D part: {time.perf_counter() - start:.1f} s")

# %% 2. Zeeman versus orbital field in a spinful wire (no spin-orbit coupling)
wire_width, wire_length = 12, 36
energy_2d, disorder_2d = 2.0, 2.5
n_seeds_2d = pick(400, 2000)
l_born = theory.born_mean_free_path(energy_2d, disorder_2d, wire_width)
velocity = 2 * np.sqrt(energy_2d * (1 - energy_2d / 16))  # rough band velocity, ~2 sqrt(E)
thouless = velocity * l_born / 2 / wire_length**2          # E_T = hbar D / L^2, D = v l / 2
# E and E -+ E_Z/2 sit between subband thresholds of the 12-wide wire (0.86, 1.29,
# 1.76, 2.24, 2.71 t): a copy next to a threshold has a slow channel of its own.
zeeman = 0.9
phi_large = 0.012   # ~6 B_tr (l_tr ~ 6 a): x = c phi ~ 18, the Cooperon is mostly gone
spin_wire = devices.Wire(width=wire_width, length=wire_length, spin=True)
zeeman_values = [0.0, zeeman]
orbital = np.array([0.0, phi_large / 3, phi_large])
g_spin = physics.ensemble(spin_wire, energy=energy_2d, seeds=range(10**6, 10**6 + n_seeds_2d),
                          sweep={"zeeman": zeeman_values, "phi": orbital},
                          disorder=disorder_2d, executor="serial").conductance.values
amplitudes = g_spin[:, :, -1] - g_spin[:, :, 0]         # per seed, per Zeeman value
amp_mean = amplitudes.mean(axis=0)
amp_error = amplitudes.std(axis=0, ddof=1) / np.sqrt(n_seeds_2d)
difference = amplitudes[:, 1] - amplitudes[:, 0]
print(f"E_T ~ {thouless:.4f} t, E_Z = {zeeman} t = {zeeman / thouless:.0f} E_T; l_Born = "
      f"{l_born:.1f}; amplitudes {amp_mean} ± {amp_error}")
for k, value in enumerate(zeeman_values):
    checks.add_bound(f"WL magnetoconductance g(phi = {phi_large}) - g(0) at E_Z = {value}",
                     amp_mean[k], amp_error[k], lower=0.0, unit="e²/h",
                     note="orbital field suppresses WL (g rises)")
checks.add("amplitude(E_Z >> E_T) - amplitude(E_Z = 0): Zeeman alone keeps WL",
           difference.mean(), difference.std(ddof=1) / np.sqrt(n_seeds_2d), 0.0,
           3 * difference.std(ddof=1) / np.sqrt(n_seeds_2d), "e²/h",
           note="both AI x 2 (two time-reversal-invariant spin copies)")
variances = g_spin[:, :, 0].var(axis=0, ddof=1)
var_ratio = variances[1] / variances[0]
var_ratio_error = var_ratio * np.sqrt(2 / (n_seeds_2d - 1)) * np.sqrt(2)
checks.add("var g(E_Z >> E_T) / var g(0) at phi = 0", var_ratio, var_ratio_error, 0.5,
           3 * var_ratio_error,
           note=f"spins decorrelate: 8/15 -> 4/15 in a long wire; var g = {variances[0]:.3f}, "
                f"{variances[1]:.3f}")
print(f"total: {time.perf_counter() - start:.1f} s")

# %% Figure
fig, (ax_slab, ax_spin) = plt.subplots(1, 2, figsize=(11.5, 4.4), layout="constrained")
for (label, data), color in zip(slab.items(), ("C0", "C3")):
    phis = np.concatenate([[0], data["phis"]])
    ax_slab.errorbar(phis * 1e3, np.concatenate([[0], data["mean"]]),
                     np.concatenate([[0], data["error"]]), fmt="o", color=color,
                     label=f"{label}: W_perp = {data['extent']:.1f}")
    grid = np.linspace(0, phis.max(), 60)
    c = data["fit"]["scale"]
    ax_slab.plot(grid * 1e3, 1 / 3 - theory.coherent_wire_wl(c * grid), color=color, lw=1,
                 label=f"1/3 − f(cφ), c fitted for x ≤ {x_fit.max():g}: {c:.0f}")
    ax_slab.plot(grid * 1e3, theory.cooperon_magnetoconductance(
        (length, width, thickness), grid, data["direction"]), color=color, lw=1, ls="--",
        label=f"box Cooperon (dirty limit, no fit): c = {data['c_cooperon']:.0f}")
    ax_slab.axvline(4.73 / c * 1e3, color=color, ls=":", lw=1)
ax_slab.axhline(1 / 6, color="0.6", lw=0.8, ls="--")
ax_slab.set_xlabel("φ (10⁻³ h/e per plaquette normal to the field)")
ax_slab.set_ylabel("Δg = <g(φ) − g(0)>  (e²/h)")
ax_slab.set_title(f"Slab {length}×{width}×{thickness} (L×W×H): c_z/c_y = {ratio:.2f} ± {ratio_error:.2f}\n"
                  f"box Cooperon {ratio_cooperon:.2f}; long-wire W_perp ratio {ratio_quasi_1d:.2f}; "
                  "dotted: half suppression", fontsize=9)
ax_slab.legend(fontsize=7.5)
for k, (value, color) in enumerate(zip(zeeman_values, ("C0", "C2"))):
    diff = g_spin[:, k, :] - g_spin[:, k, :1]
    ax_spin.errorbar(orbital * 1e3 + 0.05 * k, diff.mean(axis=0),
                     diff.std(axis=0, ddof=1) / np.sqrt(n_seeds_2d), fmt="o-", color=color,
                     label=f"E_Z = {value} t" + (f" ≈ {value / thouless:.0f} E_T" if value else ""))
ax_spin.set_xlabel("orbital φ (10⁻³ h/e per plaquette)")
ax_spin.set_ylabel("Δg = <g(φ) − g(0)>  (e²/h, both spins)")
ax_spin.set_title(f"Spinful {wire_width}×{wire_length} wire, no SOC: Zeeman alone keeps the WL dip\n"
                  f"var g(φ=0): {variances[0]:.3f} → {variances[1]:.3f} (spins decorrelate)",
                  fontsize=9)
ax_spin.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
