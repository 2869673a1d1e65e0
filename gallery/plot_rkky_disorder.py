"""RKKY interaction in a disordered metal: the average decays, the typical value does not
======================================================================================

Two magnetic moments coupled by an exchange J_sd to the conduction electrons interact
through the electrons' static spin susceptibility: the RKKY coupling is J_sd^2 chi(r, s),
with chi(r, s) the density response at r to a potential at s, the range function
(docs/theory/kubo.md#static-susceptibility-and-the-rkky-range-function).  In a clean 2D
gas it oscillates as -(nu / 2 pi) sin(2 k_F r) / r^2.  Here chi is computed for closed
square samples (hard walls, spinless, the perturbed site at the centre) by the 2D
Chebyshev series of the Fermi divided difference at mu = 1 t from the band bottom and
k_B T = 0.015 t (1500 moments; the series is converged, no kernel), along the four axis
directions from the centre, which are equivalent by symmetry (their average is one
sample's value).

**Clean.**  Along a lattice axis, the stationary-phase amplitude of the lattice's range
function is 1/(v_x kappa) with the Fermi speed v_x = 2 t sin k_F and the Fermi-surface
curvature kappa = 1/sin k_F at (k_F, 0): exactly the continuum's m = 1/2 t, for any
filling.  So the continuum form taken at the lattice k_F = arccos(1 - mu/2) along x and
nu = 1/(4 pi t), averaged over the Fermi level with -f' (the thermal length hbar v_x /
2 pi k_B T = 18 a), is the clean lattice result up to O(1/k_F r) corrections near the
impurity (a 201 x 201 sample keeps the walls' reflections, thermally damped, away).

**Average.**  The disorder average of chi, a product of two retarded Green functions from
the same point, is the product of two averaged Green functions up to short-range vertex
corrections: the clean response of the band shifted by Re Sigma (the Born self-energy,
docs/theory/drude.md#born-scattering-rate), damped by exp(-r/l) (each averaged Green
function by exp(-r/2l)), with the Born l = v_x tau along x: 16.1 a at W = 1.5 t and
9.0 a at W = 2 t (k_F l = 17 and 9), the same lengths as the Friedel oscillations of the
screening page.  The fit of A chi_shifted exp(-r/l) (chi_shifted: the clean sample at mu -
Re Sigma, the same walls) to the average for r = 3-30 a gives A and l with jackknife
errors.

**Typical.**  A single sample's chi keeps oscillating far beyond l with random sign: its
mean square does not decay exponentially (Zyuzin and Spivak 1986), so the RKKY coupling of
two given moments is of the clean size while its average is exponentially small.  The page
checks that the mean square at 2l-3l exceeds the square of the fitted average there by
more than an order of magnitude, and reports the ratio of the mean square to the clean
one at l-2l (it is of order one, above one: in 2D the diffusive paths sum to more than the
clean, ballistic one; the page makes no quantitative claim about it).

Tolerances.  Clean: the largest deviation from the thermal continuum form over r = 3-40 a,
relative to the envelope nu / (2 pi r^2), at most 10 % (O(1/k_F r) corrections: 1/(k_F r) =
0.3 at r = 3 a, falling; no statistics).  Average: A = 1 within 10 % + 2 jackknife errors
(the O(W^2) change of the amplitude from the energy dependence of Sigma and the complex
wave number); l = l_Born within 20 % + 2 jackknife errors (Born neglects O(1/k_F l)
corrections to tau, as on the Friedel page).  Typical: a one-sided bound 3 sigma above 10.
References: Ruderman and Kittel, Phys. Rev. 96, 99 (1954); de Gennes, J. Phys. Radium 23,
510 (1962) (the exp(-r/l) of the average); Zyuzin and Spivak, JETP Lett. 43, 234 (1986);
Bergmann, Phys. Rev. B 36, 2469 (1987).
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import devices
from physics import theory
from physics.analysis.interaction_fits import fit_damped_response
from physics.analysis.statistics import jackknife
from physics.linear_response import static_susceptibility

from _common import Checks, pick

checks = Checks("rkky_disorder")
start = time.time()
mu, temperature, moments = 1.0, 0.015, 1500
bounds = (-1.55, 9.55)  # the spectrum at W <= 2 t; common bounds share the coefficients
r = np.arange(1, 41)
envelope = 1 / (4 * np.pi) / (2 * np.pi) / r**2  # nu / (2 pi r^2), nu = 1 / 4 pi t
disorders = [1.5, 2.0]
n_samples = pick(40, 200)


def axis_sites(sample):
    """The perturbed (central) site and, per axis direction, the sites at r = 1..40."""
    index = {tuple(p): k for k, p in enumerate(np.rint(sample.positions).astype(int))}
    centre = tuple(np.rint(sample.positions.mean(axis=0)).astype(int))
    arms = [[index[(centre[0] + k * dx, centre[1] + k * dy)] for k in r]
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    return index[centre], np.array(arms)


def along_axes(sample, chemical_potential, **params):
    """chi(r) (1/t) along the four axis directions, shape (4, len(r))."""
    site, arms = axis_sites(sample)
    chi = static_susceptibility(sample, site, chemical_potential, temperature, moments,
                                sites=arms.ravel(), bounds=bounds, **params)
    return chi.reshape(arms.shape)


def thermal_average(function, chemical_potential):
    """int dE (-f'(E - mu)) function(E) (the lattice k_F along x is arccos(1 - E/2))."""
    energies = chemical_potential + temperature * np.linspace(-14, 14, 561)
    weights = 0.25 / temperature / np.cosh((energies - chemical_potential) / (2 * temperature))**2
    values = np.array([function(e) for e in energies])
    return np.trapezoid(weights[:, None] * values, energies, axis=0)


def thermal_continuum(chemical_potential, distance):
    """The continuum range function at the lattice k_F along x, averaged with -f'."""
    return thermal_average(lambda e: theory.rkky_range_function_2d(
        distance, np.arccos(1 - e / 2), 1 / (4 * np.pi)), chemical_potential)


# %% Clean: lattice against the continuum form.
big = devices.ClosedSample(devices.Wire(width=201, length=201))
clean_big = along_axes(big, mu)[0]  # the four are equal
continuum = thermal_continuum(mu, r)
near = (r >= 3) & (r <= 40)
deviation = np.abs(clean_big - continuum)[near] / envelope[near]
checks.add("clean: largest |chi - continuum| / (nu / 2 pi r^2), r = 3-40 a", deviation.max(), 0,
           0, 0.10, note="continuum form at the lattice k_F along x, thermally averaged")
print(f"clean: {time.time() - start:.1f} s")

# %% Disorder: the average against the shifted clean response, and the typical value.
sample = devices.ClosedSample(devices.Wire(width=121, length=121))
clean = along_axes(sample, mu)[0]
results = {}
for w in disorders:
    shift = float(np.real(theory.born_self_energy_2d(mu, w)))
    shifted = along_axes(sample, mu - shift)[0]
    arms = np.array([along_axes(sample, mu, disorder=w, seed=seed) for seed in range(n_samples)])
    # The average: per sample over the equivalent directions.  The typical value: each
    # direction's own chi (averaging them would lower the mean square of the random part).
    fit = fit_damped_response(r, arms.mean(axis=1), shifted, fit_range=(3, 30))
    born = theory.elastic_mean_free_path_2d(mu, w)
    checks.add(f"average: amplitude A, W = {w:g}", fit["amplitude"], fit["amplitude_error"], 1.0,
               0.1 + 2 * fit["amplitude_error"],
               note=f"<chi> = A chi_clean(mu - Re Sigma) exp(-r/l); Re Sigma = {shift:.3f} t")
    checks.add(f"average: decay length l, W = {w:g}", fit["decay_length"], fit["error"], born,
               0.2 * born + 2 * fit["error"], unit="a", note="Born l = v_x tau")
    model = fit["amplitude"] * shifted * np.exp(-r / fit["decay_length"])
    far = (r >= 2 * born) & (r <= min(3 * born, r[-1]))
    power, power_error = jackknife(lambda x: np.mean(x[..., far]**2) / np.mean(model[far]**2),
                                   arms)
    checks.add_bound(f"typical: <chi^2> / <chi>^2 at {2 * born:.0f}-{r[far][-1]} a, W = {w:g}",
                     power, power_error, lower=10.0,
                     note="mean square against the fitted average: no exp(-2r/l) decay")
    middle = (r >= born) & (r <= 2 * born)
    typical, typical_error = jackknife(
        lambda x: np.mean(x[..., middle]**2) / np.mean(clean[middle]**2), arms)
    checks.report(f"typical: <chi^2> / chi_clean^2 at l-2l, W = {w:g}", typical, typical_error,
                  1.0, note="Zyuzin-Spivak: of the clean size (order one), not exponentially small")
    results[w] = dict(fit=fit, born=born, shifted=shifted, model=model, arms=arms, shift=shift)
print(f"total: {time.time() - start:.1f} s")

# %% Figure.
fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), layout="constrained")
ax = axes[0]
fine = np.linspace(1, 40, 400)
ax.plot(fine, thermal_continuum(mu, fine) * fine**2 * 8 * np.pi**2, "C3-", lw=0.8,
        label="continuum at the lattice k_F, thermal average")
ax.plot(r, clean_big / envelope, "ko", ms=3.5, label="lattice, 201 x 201, clean")
ax.axhline(0, color="0.8", lw=0.8)
ax.set_xlabel("r (a), along an axis")
ax.set_ylabel("chi(r) / (nu / 2 pi r^2)")
ax.set_title(f"Clean: mu = {mu:g} t, k_B T = {temperature:g} t, period pi/k_F = "
             f"{np.pi / np.arccos(1 - mu / 2):.1f} a", fontsize=10)
ax.legend(fontsize=8)

ax = axes[1]
for k, w in enumerate(disorders):
    res = results[w]
    fit = res["fit"]
    offset = -1.6 * k  # the two disorders one above the other
    ax.errorbar(r, fit["mean"] / envelope + offset, fit["mean_error"] / envelope, fmt="o",
                ms=3, color=f"C{k}", label=f"<chi>, W = {w:g} t ({len(res['arms'])} samples)"
                + (f", shifted by {offset:g}" if offset else ""))
    ax.plot(r, res["model"] / envelope + offset, "-", color=f"C{k}", lw=1,
            label=f"A chi_clean(mu - Re Sigma) e^(-r/l): l = {fit['decay_length']:.1f} ± "
                  f"{fit['error']:.1f} a (Born {res['born']:.1f})")
ax.set_ylim(-2.7, 1.5)
ax.axvspan(3, 30, color="0.94", zorder=0)
ax.set_xlabel("r (a); grey: the fitted range")
ax.set_ylabel("<chi(r)> / (nu / 2 pi r^2)")
ax.set_title("Disorder average: damped as exp(-r/l)", fontsize=10)
ax.legend(fontsize=7.5)

ax = axes[2]
# |<exp(2 i k_F r)>| over -f': the thermal damping of the clean oscillation's envelope
thermal_envelope = np.abs(thermal_average(lambda e: np.exp(2j * np.arccos(1 - e / 2) * r), mu))
ax.plot(r, thermal_envelope / np.sqrt(2), "k--", lw=1, label="clean rms (envelope / sqrt 2)")
for k, w in enumerate(disorders):
    res = results[w]
    rms = np.sqrt(np.mean(res["arms"]**2, axis=(0, 1)))
    ax.plot(r, rms / envelope, "o-", ms=3, lw=0.8, color=f"C{k}",
            label=f"rms chi, W = {w:g} t (typical)")
    ax.plot(r, np.abs(res["fit"]["amplitude"]) * thermal_envelope * np.exp(-r / res["born"]), ":",
            color=f"C{k}", lw=1.5, label=f"average: envelope x e^(-r/l_Born), W = {w:g} t")
ax.set_yscale("log")
ax.set_ylim(1e-2, 3)
ax.set_xlabel("r (a)")
ax.set_ylabel("magnitude / (nu / 2 pi r^2)")
ax.set_title("Typical against average", fontsize=10)
ax.legend(fontsize=7.5)
checks.save_figure(fig)
checks.save()
