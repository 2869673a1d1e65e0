"""Universal conductance fluctuations
==================================

In a phase-coherent diffusive conductor the sample-to-sample variance of
the conductance is universal: of order (e^2/h)^2, independent of size and
disorder, and set only by symmetry (beta) and geometry.  For a rectangle
between ideal leads the diffuson mode sum (Lee, Stone, Fukuyama PRB 35,
1039 (1987)) gives var g = (12/pi^4) sum [n_x^2 + (L n_y / W)^2]^-2 = 0.1437
for L/W = 2 (spinless, beta = 1); breaking time reversal halves it
(beta = 2), and strong spin-orbit coupling in a spinful wire gives
d^2/beta = 4/4 times the spinless value (beta = 4, Kramers degeneracy d = 2).
Per degenerate copy (var g / d) the three classes stand as 2 : 1 : 1.

Ensembles: W = 30, L = 60, E = 2t, box disorder 2t (l = 15 a, s = 4);
beta = 2 by random Peierls phases (theta0 = 0.5, no Lorentz force; a uniform
field breaks time reversal only slowly on a lattice, docs/theory/weak_localization.md#pitfalls);
beta = 4 by random SU(2) hoppings (so_disorder = 0.3, spin relaxation within a
few sites, L >> L_s).  Size and disorder independence: wires with the same
aspect ratio and different W, L and disorder.  Ergodicity: for one sample,
the variance of g over a field window much wider than the correlation field
equals the ensemble variance at fixed field.

Tolerances: 3 standard errors of the variance, sigma = var sqrt(2/(n-1))
(Gaussian statistics, docs/theory/quasi_1d.md#conductance-fluctuations),
combined with the error of the compared value.

References: Lee & Stone PRL 55, 1622 (1985); Altshuler JETP Lett 41, 648 (1985);
Beenakker RMP 69, 731 (1997).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("ucf")
energy = 2.0
n_seeds = pick(400, 2000)


def variance(device, **params):
    g = physics.ensemble(device, energy=energy, seeds=range(n_seeds), **params).conductance
    var = float(g.var(ddof=1))
    return var, var * np.sqrt(2 / (g.size - 1)), g.values


# %% Symmetry classes
classes = [
    ("β=1 (spinless, B=0)", devices.Wire(width=30, length=60), dict(disorder=2.0), 1, 1),
    ("β=2 (random flux)", devices.Wire(width=30, length=60), dict(disorder=2.0, random_flux=0.5),
     2, 1),
    ("β=4 (spin, SU(2) disorder)", devices.Wire(width=30, length=60, spin=True),
     dict(disorder=2.0, so_disorder=0.3), 4, 2),
]
results = {}
for label, device, params, beta, degeneracy in classes:
    var, error, samples = variance(device, **params)
    expected = theory.ucf_mode_sum(2.0, beta=beta, degeneracy=degeneracy)
    results[label] = (var, error, samples, expected, degeneracy)
    checks.add(f"var g, {label}", var, error, expected, 3 * error, "(e²/h)²")
var1 = results[classes[0][0]][0]
for label, (var, error, _, expected, degeneracy) in list(results.items())[1:]:
    ratio = (var / degeneracy) / var1
    ratio_error = ratio * np.hypot(error / var, results[classes[0][0]][1] / var1)
    checks.add(f"(var g/d) ratio {label} : β=1", ratio, ratio_error, 0.5, 3 * ratio_error)

# %% Size and disorder independence (aspect ratio 2, diffusive: 3 < L/l, L < xi/3)
sizes = [(20, 40, 2.5), (40, 80, 2.0)] + pick([], [(60, 120, 1.6)])
size_points = []
for width, length, disorder in sizes:
    var, error, _ = variance(devices.Wire(width=width, length=length), disorder=disorder)
    size_points.append((width, var, error))
    checks.add(f"var g, {width}x{length}, disorder {disorder}", var, error,
               theory.ucf_mode_sum(2.0), 3 * error, "(e²/h)²")

# %% Ergodicity: fluctuations in field versus over the ensemble
wire = devices.Wire(width=30, length=60)
phis = np.linspace(0.01, 0.03, pick(61, 121))  # well beyond B_tr, window ~ 30 B_c
ds = physics.ensemble(wire, energy=energy, seeds=range(pick(100, 400)),
                      sweep={"phi": phis}, disorder=2.0)
g = ds.conductance
deviation = g - g.mean("seed")  # remove the mean magnetoconductance (WL tail, classical MR)
ensemble_var = deviation.var("seed", ddof=1)
field_var = deviation.var("phi", ddof=0)
n = g.sizes["seed"]
correlation = physics.statistics.autocorrelation(g, "phi")
phi_c = physics.statistics.correlation_length(correlation)
# The variance over m correlated points of one sample is biased low by
# 1 - (1/m^2) sum_ij C(|i-j|); the measured correlation function gives it exactly.
m = phis.size
lags = np.abs(np.subtract.outer(np.arange(m), np.arange(m)))
bias = 1 - np.mean(correlation.values[lags])
field_mean = float(field_var.mean()) / bias
field_error = float(field_var.std(ddof=1)) / np.sqrt(n) / bias
ens_mean = float(ensemble_var.mean())
n_independent = (phis[-1] - phis[0]) / (2 * phi_c)
ens_error = ens_mean * np.sqrt(2 / (n - 1) / n_independent)
ratio = field_mean / ens_mean
ratio_error = ratio * np.hypot(field_error / field_mean, ens_error / ens_mean)
checks.add("var over field (per sample) / var over ensemble", ratio, ratio_error, 1.0,
           3 * ratio_error)

# %% Figure
fig, axes = plt.subplots(2, 2, figsize=(11, 8), layout="constrained")
ax = axes[0, 0]
for k, (label, (var, error, samples, expected, d)) in enumerate(results.items()):
    ax.hist(samples - samples.mean(), bins=40, density=True, alpha=0.5,
            label=f"{label}: var {var:.3f} ± {error:.3f} (theory {expected:.3f})")
ax.set_xlabel("g − <g> (e²/h)")
ax.set_ylabel("probability density")
ax.legend(fontsize=7)
ax.set_title(f"Conductance distributions, W=30, L=60, {n_seeds} samples")
ax = axes[0, 1]
labels = list(results)
values = [results[k][0] / results[k][4] for k in labels]
errs = [results[k][1] / results[k][4] for k in labels]
ax.bar(range(3), values, yerr=errs, color=["C0", "C1", "C2"], capsize=4)
ax.plot(range(3), [theory.ucf_mode_sum(2.0) / k for k in (1, 2, 2)], "k_", ms=40, mew=2,
        label="theory (mode sum) × 1 : 1/2 : 1/2")
ax.set_xticks(range(3), ["β=1", "β=2", "β=4"])
ax.set_ylabel("var g / d  (e²/h)²")
ax.set_title("Symmetry classes: 2 : 1 : 1 per degenerate copy")
ax.legend(fontsize=8)
ax = axes[1, 0]
ws = [p[0] for p in size_points] + [30]
vs = [p[1] for p in size_points] + [var1]
es = [p[2] for p in size_points] + [results[labels[0]][1]]
ax.errorbar(ws, vs, es, fmt="o")
ax.axhline(theory.ucf_mode_sum(2.0), color="k", label="mode sum, L/W = 2: 0.1437")
ax.axhline(2 / 15, color="k", ls=":", label="quasi-1D 2/15")
ax.set_xlabel("W (a), L = 2W")
ax.set_ylabel("var g (e²/h)²")
ax.set_ylim(0, 0.25)
ax.set_title("Independent of size and disorder")
ax.legend(fontsize=8)
ax = axes[1, 1]
for seed in range(3):
    ax.plot(phis, g.isel(seed=seed), lw=1, label=f"seed {seed}")
ax.set_xlabel("φ (h/e per plaquette)")
ax.set_ylabel("g (e²/h)")
ax.set_title(f"Magnetofingerprints: correlation field φ_c = {phi_c:.1e} "
             f"(1/(LW) = {1 / (60 * 30):.1e})", fontsize=9)
ax.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
