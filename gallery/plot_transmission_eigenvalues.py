"""Transmission eigenvalues: the bimodal Dorokhov distribution and shot noise 1/3
================================================================================

A diffusive wire has N channels but only ~<g> of them are open: the
transmission eigenvalues T_n of t^dagger t are bimodal, piling up near 0 and 1.
Writing T = 1/cosh^2 x, DMPK theory gives a uniform density of x, which
integrated against T = 1/cosh^2 x must reproduce <g>: rho_x = <g>, i.e.
rho(T) = <g> / (2 T sqrt(1 - T)) (Dorokhov, JETP Lett. 36, 318 (1982); Mello,
Pereyra, Kumar, Ann. Phys. 181, 290 (1988)).  The Fano factor
F = sum T(1-T) / sum T then equals 1/3 (Beenakker & Buttiker PRB 46, 1889 (1992);
Nagaev Phys. Lett. A 169, 103 (1992)).

The checks use a unitary ensemble (random Peierls phases), W = 40, L = 60,
E = 2t, disorder 2t: N = 20, l = 9.8 a, s = 6.  In the orthogonal class (shown
for comparison) weak localization adds an O(1/<g>) excess to F; it vanishes
in the unitary class.

Tolerances: Fano factor ±0.01 (finite-s and finite-N corrections,
docs/theory/quasi_1d.md#shot-noise)
plus 3 bootstrap standard errors; density of x: 3 Poisson standard errors.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("transmission_eigenvalues")
width, length, energy, disorder = 40, 60, 2.0, 2.0
n_seeds = pick(300, 2000)
n_channels = int(theory.open_channels(energy, width))
wire = devices.Wire(width=width, length=length)
data = {}
for label, params in (("unitary (random flux 0.5)", {"random_flux": 0.5}),
                      ("orthogonal (B = 0)", {})):
    ds = physics.ensemble(wire, energy=energy, seeds=range(n_seeds), disorder=disorder,
                          observables=["transmission_eigenvalues", "fano_factor"], **params)
    data[label] = ds

# %% Checks on the unitary ensemble
ds = data["unitary (random flux 0.5)"]
taus = ds.transmission_eigenvalues
fano = physics.measurements.pooled_fano_factor(taus.values)
fano_error = float(physics.statistics.bootstrap(
    taus, lambda t, dim: t.where(np.isfinite(t)).pipe(
        lambda v: (v * (1 - v)).sum() / v.sum()), n_resamples=200))
checks.add("Fano factor (unitary)", fano, fano_error, theory.FANO_DIFFUSIVE,
           0.01 + 3 * fano_error)
g_mean = float(ds.conductance.mean())
t = taus.values[np.isfinite(taus.values)]
x = np.arccosh(1 / np.sqrt(np.clip(t, 1e-300, 1)))
s = length / 9.8  # fitted l of this ensemble (weak localization page)
window = (0.5, 0.4 * s)
count = np.sum((x > window[0]) & (x < window[1]))
density = count / n_seeds / (window[1] - window[0])
density_error = np.sqrt(count) / n_seeds / (window[1] - window[0])
checks.add("density of x = acosh(1/sqrt T) on [0.5, 0.4 s] / <g>", density / g_mean,
           density_error / g_mean, 1.0, 3 * density_error / g_mean)

# %% Figure
fig, (ax_t, ax_x) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
bins = np.linspace(0, 1, 41)
for (label, d), color in zip(data.items(), ("C0", "C1")):
    tt = d.transmission_eigenvalues.values
    tt = tt[np.isfinite(tt)]
    f = physics.measurements.pooled_fano_factor(tt)
    ax_t.hist(tt, bins=bins, weights=np.full(tt.size, 1 / n_seeds / (bins[1] - bins[0])),
              histtype="step", lw=1.5, color=color, label=f"{label}: F = {f:.3f}")
grid = np.linspace(0.02, 0.995, 400)
ax_t.plot(grid, g_mean / (2 * grid * np.sqrt(1 - grid)), "k-",
          label=f"Dorokhov, <g> = {g_mean:.2f}")
ax_t.set_yscale("log")
ax_t.set_xlabel("transmission eigenvalue T")
ax_t.set_ylabel("eigenvalues per sample per unit T")
ax_t.set_title(f"Bimodal distribution, N = {n_channels} channels, <g> = {g_mean:.2f}")
ax_t.legend(fontsize=8)
ax_x.hist(x, bins=np.linspace(0, 2 * s, 41), weights=np.full(x.size, 1 / n_seeds / (s / 20)),
          color="C0", alpha=0.6, label="unitary ensemble")
ax_x.axhline(g_mean, color="k", label="DMPK: uniform density = <g>")
ax_x.axvspan(*window, color="0.9", zorder=-1, label="checked window")
ax_x.set_xlabel("x = acosh(1/√T)")
ax_x.set_ylabel("density per sample")
ax_x.set_title("Uniform density of x for the open channels; closed ones (x ≳ s/3) thin out", fontsize=10)
ax_x.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
