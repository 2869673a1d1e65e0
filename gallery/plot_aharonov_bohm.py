"""Aharonov-Bohm and Altshuler-Aronov-Spivak oscillations of a ring
===================================================================

A ring threaded by a flux Phi conducts periodically in Phi with period h/e
(Aharonov-Bohm): in a single disordered ring the h/e oscillation has a
sample-specific amplitude and, for a two-terminal ring, phase 0 or pi
(Onsager).  Averaged over disorder the h/e term dies as N_r^-1/2 (random
sign), while the h/2e term of coherent backscattering (Cooperon; Altshuler,
Aronov, Spivak JETP Lett. 33, 94 (1981); Sharvin & Sharvin 1981) survives with
a sign fixed by the symmetry class: a conductance minimum at Phi = 0 for
beta = 1 (weak localization), a maximum with strong spin-orbit coupling
(beta = 4, antilocalization).

Ring: radii 14-22 a (mean 18 a, arms 8 sites), leads 8 wide, E = 2t, disorder
1.5t.  The flux through the hole enters as Aharonov-Bohm phases on a branch
cut (devices.Ring, parameter flux), so g is exactly periodic and one period
sampled at 16 points gives the harmonics exactly.  The single-ring spectrum
uses instead a uniform field, which also threads the arms: its h/e peak must
lie in the band between pi r_in^2 and pi r_out^2 (docs/theory/aharonov_bohm.md#ring-width).

Tolerances: signs at 3 standard errors; the decay exponent of the averaged h/e
harmonic: 3 standard errors of a weighted fit.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("aharonov_bohm")
inner, outer, lead, energy, disorder = 14, 22, 8, 2.0, 1.5
flux = np.arange(16) / 16
n_seeds = pick(200, 1500)
harmonic = physics.measurements.flux_harmonic

# %% Ensemble averages: h/2e sign per class, h/e decay
classes = {}
for label, spin, extra in (("β=1 (spinless)", False, {}),
                           ("β=4 (spin, SU(2) disorder 0.3)", True, {"so_disorder": 0.3})):
    ring = devices.Ring(inner_radius=inner, outer_radius=outer, lead_width=lead, spin=spin)
    ds = physics.ensemble(ring, energy=energy, seeds=range(n_seeds), sweep={"flux": flux},
                          disorder=disorder, **extra)
    classes[label] = ds.conductance.values
for label, g in classes.items():
    c2 = harmonic(flux, g, 2).real  # phase rigidity: the harmonics are real
    mean, error = c2.mean(), c2.std(ddof=1) / np.sqrt(c2.size)
    if label.startswith("β=1"):
        checks.add_bound(f"h/2e harmonic of <g>, {label} (minimum at Φ=0)", mean, error,
                         upper=0, unit="e²/h")
    else:
        checks.add_bound(f"h/2e harmonic of <g>, {label} (maximum at Φ=0)", mean, error,
                         lower=0, unit="e²/h")

g = classes["β=1 (spinless)"]
c1 = harmonic(flux, g, 1).real
group_sizes = np.array([1, 3, 10, 30, 100])
group_sizes = group_sizes[group_sizes <= n_seeds // 3]
power, power_error = [], []
for size in group_sizes:
    groups = c1[: (c1.size // size) * size].reshape(-1, size).mean(axis=1)
    power.append(np.mean(groups**2))
    power_error.append(np.mean(groups**2) * np.sqrt(2 / groups.size))
power, power_error = np.array(power), np.array(power_error)
(slope, _), cov = np.polyfit(np.log(group_sizes), np.log(power), 1, w=power / power_error,
                             cov="unscaled")
exponent, exponent_error = slope / 2, np.sqrt(cov[0, 0]) / 2
checks.add("h/e amplitude of an average over N_r rings ∝ N_r^x", exponent, exponent_error,
           -0.5, 3 * exponent_error)

# %% Single ring in a uniform field: h/e peak frequency in the [r_in, r_out] band
ring = devices.Ring(inner_radius=inner, outer_radius=outer, lead_width=lead)
period = theory.aharonov_bohm_period(0.5 * (inner + outer))
n_periods = pick(16, 30)
phis = np.linspace(0, n_periods * period, 20 * n_periods, endpoint=False)
sweep = physics.ensemble(ring, energy=energy, seeds=range(pick(6, 20)), sweep={"phi": phis},
                         disorder=disorder).conductance.values
frequencies = np.linspace(0, 3 / period, 600)
window = np.hanning(phis.size)
spectrum = np.mean(np.abs((sweep - sweep.mean(axis=1, keepdims=True)) * window
                          @ np.exp(-2j * np.pi * np.outer(phis, frequencies))) ** 2, axis=0)
band = (np.pi * inner**2, np.pi * outer**2)
search = frequencies > 0.5 * band[0]
peak = frequencies[search][np.argmax(spectrum[search])]
resolution = 1 / (phis[-1] - phis[0])
checks.add("single-ring h/e peak frequency / mean of the band", peak / np.mean(band),
           resolution / np.mean(band), 1.0, 0.5 * (band[1] - band[0]) / np.mean(band),
           note=f"band [{band[0]:.0f}, {band[1]:.0f}], pi rbar^2 = {1 / period:.0f}")

# %% Figure
fig, axes = plt.subplots(2, 2, figsize=(11, 8), layout="constrained")
ax = axes[0, 0]
for k in range(3):
    ax.plot(np.append(flux, 1), np.append(g[k], g[k, 0]), "-o", ms=3, label=f"seed {k}")
ax.set_xlabel("Φ (h/e) through the hole")
ax.set_ylabel("g (e²/h)")
ax.set_title("Single rings: h/e oscillations, phase 0 or π")
ax.legend(fontsize=8)
ax = axes[0, 1]
for (label, values), color in zip(classes.items(), ("C0", "C2")):
    mean = values.mean(axis=0)
    error = values.std(axis=0, ddof=1) / np.sqrt(values.shape[0])
    x = np.append(flux, 1)
    ax.errorbar(x, np.append(mean, mean[0]) - mean.mean(), np.append(error, error[0]),
                fmt="o-", ms=3, color=color, label=f"{label}")
ax.axvline(0.5, color="0.7", lw=1)
ax.set_xlabel("Φ (h/e)")
ax.set_ylabel("<g> − mean (e²/h)")
ax.set_title(f"Ensemble average ({n_seeds} rings): h/2e, opposite signs")
ax.legend(fontsize=8)
ax = axes[1, 0]
ax.errorbar(group_sizes, power, power_error, fmt="o", label="|h/e harmonic of the average|²")
ax.plot(group_sizes, power[0] / group_sizes, "k-", label="∝ 1/N_r")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("rings averaged N_r")
ax.set_ylabel("(e²/h)²")
ax.set_title(f"h/e amplitude ∝ N_r^{exponent:.2f}±{exponent_error:.2f}")
ax.legend(fontsize=8)
ax = axes[1, 1]
ax.plot(frequencies * period, spectrum / spectrum.max())
ax.axvspan(band[0] * period, band[1] * period, color="0.9", label="[π r_in², π r_out²]")
ax.set_xlabel("frequency × ΔB_AB (1 = h/e through π r̄²)")
ax.set_ylabel("power (normalized)")
ax.set_title("Uniform field: h/e peak (and h/2e), over an arm background")
ax.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
