"""Anderson localization in a quasi-1D wire
==========================================

Beyond the localization length xi the conductance of a wire decays
exponentially and its distribution becomes log-normal:
<ln g> = -2L/xi and var ln g = -2 <ln g> (up to L-independent offsets), with
xi = (beta N + 2 - beta) l (Beenakker RMP 69, 731 (1997) §IV.C; Dorokhov 1982;
Pichard, Sanquer, Slevin, Debray PRL 65, 1812 (1990)).  Breaking time reversal
therefore stretches xi by 2N/(N+1).

Wire: W = 10 (N = 5 channels at E = 2t), box disorder 3t, Born l = 6.6 a, so
xi(0) = (N+1) l = 40 a.  Lengths 3 xi to 9 xi, independent seeds per length.
The field phi = 0.02 h/e per plaquette threads ~8 flux quanta through an area
xi x W, enough to break time reversal on the scale of xi.

What limits the comparison: the ratio 2N/(N+1) assumes the field leaves l
unchanged, but in this narrow wire the cyclotron radius k_F l_m^2 ~ 11 a is
comparable to W, and the field changes the classical (boundary) scattering.
The full-size run gives xi(B)/xi(0) = 1.57 ± 0.02, 6 % below 1.67; xi(B)
stays at 57-60 a for phi = 0.02-0.05 (so time reversal is broken) and drops at
phi = 0.08 where Landau quantization sets in.  The 5 % tolerance of
docs/theory/quasi_1d.md#localization-length is met within its statistical error, not better.

Tolerances: xi(0) against (N+1) l_Born: 10 % (the Born l is the main
uncertainty, docs/theory/quasi_1d.md#localization-length); the l-free ratio
xi(B)/xi(0): 5 % (same note) combined
with 3 standard errors; log-normal slope ratio: 3 standard errors.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("localization")
width, energy, disorder, field = 10, 2.0, 3.0, 0.02
n_channels = int(theory.open_channels(energy, width))
l_born = theory.born_mean_free_path(energy, disorder, width)
n_seeds = pick(300, 2000)
runs = {"B = 0 (β=1)": (0.0, np.array([120, 200, 280, 360])),
        f"φ = {field} (β=2)": (field, np.array([200, 320, 440, 560]))}
results = {}
for k, (label, (phi, lengths)) in enumerate(runs.items()):
    ln_g = []
    for i, length in enumerate(lengths):
        seeds = range((10 * k + i) * 10**6, (10 * k + i) * 10**6 + n_seeds)
        ds = physics.ensemble(devices.Wire(width=width, length=int(length)), energy=energy,
                              seeds=seeds, disorder=disorder, phi=phi)
        ln_g.append(np.log(ds.conductance.values))
    ln_g = np.array(ln_g)
    mean, error = ln_g.mean(axis=1), ln_g.std(axis=1, ddof=1) / np.sqrt(n_seeds)
    var = ln_g.var(axis=1, ddof=1)
    var_error = var * np.sqrt(2 / (n_seeds - 1))
    xi, xi_error, chi2 = physics.measurements.fit_localization_length(lengths, mean, error)
    (var_slope, _), var_cov = np.polyfit(lengths, var, 1, w=1 / var_error, cov="unscaled")
    results[label] = dict(lengths=lengths, ln_g=ln_g, mean=mean, error=error, var=var,
                          var_error=var_error, xi=xi, xi_error=xi_error,
                          var_slope=var_slope, var_slope_error=np.sqrt(var_cov[0, 0]))
    print(f"{label}: xi = {xi:.1f} ± {xi_error:.1f} a (chi2/dof {chi2:.2f})")

zero, finite = results.values()
xi_theory = theory.localization_length(n_channels, l_born, 1)
checks.add("xi(B=0) (a)", zero["xi"], zero["xi_error"], xi_theory, 0.1 * xi_theory, "a",
           note=f"(N+1) l_Born with N = {n_channels}, l_Born = {l_born:.2f} a")
ratio = finite["xi"] / zero["xi"]
ratio_error = ratio * np.hypot(finite["xi_error"] / finite["xi"], zero["xi_error"] / zero["xi"])
expected = 2 * n_channels / (n_channels + 1)
checks.add("xi(B)/xi(0)", ratio, ratio_error, expected,
           np.hypot(0.05 * expected, 3 * ratio_error))
for label, r in results.items():
    # log-normal: d var(ln g)/dL = -2 d<ln g>/dL = 4/xi
    slope_ratio = r["var_slope"] * r["xi"] / 4
    slope_error = slope_ratio * np.hypot(r["var_slope_error"] / r["var_slope"],
                                         r["xi_error"] / r["xi"])
    checks.add(f"d var(ln g)/dL / (4/xi), {label}", slope_ratio, slope_error, 1.0,
               3 * slope_error)

# %% Figure
fig, (ax_m, ax_h) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for (label, r), color in zip(results.items(), ("C0", "C1")):
    ax_m.errorbar(r["lengths"], r["mean"], r["error"], fmt="o", color=color,
                  label=f"<ln g>, {label}: ξ = {r['xi']:.1f} ± {r['xi_error']:.1f} a")
    ax_m.errorbar(r["lengths"], -r["var"] / 2, r["var_error"] / 2, fmt="s", mfc="none",
                  color=color, label=f"−var(ln g)/2, {label}")
    grid = np.linspace(0, r["lengths"].max() * 1.05, 50)
    a = np.mean(r["mean"] + 2 * r["lengths"] / r["xi"])
    ax_m.plot(grid, a - 2 * grid / r["xi"], color=color, lw=1)
ax_m.set_xlabel("L (a)")
ax_m.set_ylabel("ln g")
ax_m.set_title(f"W = {width}, N = {n_channels}: theory ξ(0) = {xi_theory:.0f} a, "
               f"ξ(B)/ξ(0) = {expected:.2f}", fontsize=10)
ax_m.legend(fontsize=7)
r = zero
values = r["ln_g"][-1]
ax_h.hist(values, bins=40, density=True, alpha=0.6, label=f"L = {r['lengths'][-1]}, B = 0")
grid = np.linspace(values.min(), values.max(), 200)
ax_h.plot(grid, np.exp(-(grid - values.mean())**2 / (2 * values.var()))
          / np.sqrt(2 * np.pi * values.var()), "k-", label="Gaussian (log-normal g)")
ax_h.set_xlabel("ln g")
ax_h.set_ylabel("probability density")
ax_h.set_title("ln g is normally distributed deep in the localized regime", fontsize=10)
ax_h.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
