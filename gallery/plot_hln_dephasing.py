"""HLN magnetoconductance of a dephased 2D film
===============================================

In a 2D film the weak-localization correction grows as ln(L_phi/l); a
perpendicular field cuts the long time-reversed loops off at the magnetic
length, and the magnetoconductivity takes the universal Hikami-Larkin-Nagaoka
form (docs/theory/weak_localization.md#hln-2d-film):

Delta sigma(B) = n_s (e^2/h) F(B/B_phi) / (2 pi),   F(x) = psi(1/2 + 1/x) + ln x,

with B_phi = hbar/(4 e L_phi^2), i.e. a flux of 1/(8 pi L_phi^2) h/e per
plaquette.  HLN needs l << L_phi << the sample size, which a coherent Kwant film
cannot offer (its size replaces L_phi).  Buttiker probes on every site
(coupling eta, floating) set L_phi = sqrt(hbar D / (2 eta f)), f = 1
(docs/theory/dephasing.md#buttiker-probes; the 1600 probes' equations are solved by
slice recursion and GMRES, `physics.dephasing.SliceDephasingSolver`; until session 9
a checkerboard, f = 1/2, at twice the coupling),
with D measured with the probes on from the mean conductance at the
largest field (contact resistance of the N lead modes removed; Einstein relation
with the lattice DOS per site).

Sample: 40 x 40 sheet (56 x 56 in the full run), E = 3.4 t from the band bottom,
box disorder 3 t (Born l ~ 4 a), 24 seeds (64 full); the sheet conductance
difference is Delta sigma = Delta g L/W, paired with the zero-field value of the
same sample.  The fit has two parameters, L_phi and the HLN prefactor alpha
(1 for a spinless film; the usual experimental practice).

Checks.  (1) For each eta the fitted L_phi agrees with the L_phi put in within
30 % (the issue's tolerance: the sample is only 4-6 L_phi across and fields
reach ~B_tr/2, where the diffusive form starts to fail) plus two standard errors.
(2) The fitted prefactor alpha is 1 within 3 standard errors plus 0.3.  Errors
are jackknife errors over the seeds (the points of a curve share their samples).
Calibration (session 9, probes on every site, seeds 0-95): L_phi fitted / put in
= 0.97 +- 0.05 (eta = 0.01 t) and 1.23 +- 0.05 (eta = 0.025 t: L_phi ~ 1.7 l, the
edge of the diffusive regime), alpha = 0.83 +- 0.14 and 0.58 +- 0.09; blocks of 24
seeds give 0.80-1.35 of the input L_phi, so the statistical allowance is needed for
the 24-seed quick run.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import dephasing, statistics, theory

from _common import Checks, pick
from physics.analysis import fits

checks = Checks("hln_dephasing")
size = pick(40, 56)
energy, disorder = 3.4, 3.0
film = devices.Film(width=size, length=size)
n_modes = physics.open_modes(film, energy)
dos = float(theory.density_of_states_2d(energy))
phis = np.array([0, 0.0002, 0.0005, 0.001, 0.002, 0.004])
couplings = [0.01, 0.025]
n_seeds = pick(24, 64)
probes = "all"
probe_fraction = dephasing.dephasing_solver(film, probes).probe_fraction

results = []
for eta in couplings:
    ds = physics.ensemble(film, energy=energy, seeds=range(n_seeds), sweep={"phi": phis},
                          disorder=disorder, dephasing=eta, probes=probes, executor=2)
    g = ds.conductance.values
    delta_sigma = (g - g[:, :1]) * film.length / film.width  # per square: Delta g L / W
    mean = delta_sigma.mean(axis=0)
    error = delta_sigma.std(axis=0, ddof=1) / np.sqrt(n_seeds)
    diffusion = fits.diffusion_constant(g[:, -1].mean(), n_modes, size, size * dos)
    l_phi = dephasing.dephasing_length(eta, diffusion, probe_fraction)
    fit = fits.fit_hln(phis, mean, error)

    def fitted(samples):
        """(L_phi, alpha) of the HLN fit to the paired mean curve of ``samples``."""
        paired = (samples - samples[:, :1]) * film.length / film.width
        result = fits.fit_hln(phis, paired.mean(axis=0),
                              paired.std(axis=0, ddof=1) / np.sqrt(len(samples)))
        return np.array([result["dephasing_length"], result["amplitude"]])

    _, (l_error, alpha_error) = statistics.jackknife(fitted, g)
    results.append(dict(eta=eta, mean=mean, error=error, l_phi=l_phi, fit=fit,
                        diffusion=diffusion, l_error=l_error))
    checks.add(f"L_phi from the HLN fit, eta = {eta:g} t", fit["dephasing_length"],
               l_error, l_phi, 0.3 * l_phi + 2 * l_error, unit="a",
               note=f"input sqrt(hbar D/2 eta f), D = {diffusion:.2f} t a^2/hbar; tolerance "
                    f"30 % + 2 jackknife errors")
    checks.add(f"HLN prefactor alpha, eta = {eta:g} t", fit["amplitude"], alpha_error,
               1.0, 3 * alpha_error + 0.3, note="spinless film: n_s = 1")

# %% Figure
fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
fine = np.linspace(1e-6, phis.max(), 300)
for k, r in enumerate(results):
    c = f"C{k}"
    axes[0].errorbar(phis, r["mean"], r["error"], fmt="o", color=c,
                     label=f"η = {r['eta']:g} t (L_φ = {r['l_phi']:.1f} a put in)")
    axes[0].plot(fine, r["fit"]["amplitude"] * theory.hln_magnetoconductivity(
        fine, r["fit"]["dephasing_length"]), color=c,
        label=f"HLN fit: L_φ = {r['fit']['dephasing_length']:.1f} a, α = {r['fit']['amplitude']:.2f}")
    axes[0].plot(fine, theory.hln_magnetoconductivity(fine, r["l_phi"]), color=c, ls=":")
axes[0].set(xlabel="flux per plaquette φ (h/e)", ylabel="Δσ (e²/h)",
            title=f"{size}×{size} film with probes (dotted: HLN with L_φ put in, α = 1)")
axes[0].legend(fontsize=7)
for k, r in enumerate(results):
    x = phis[1:] / theory.dephasing_field(r["fit"]["dephasing_length"])
    axes[1].errorbar(x, 2 * np.pi * r["mean"][1:] / r["fit"]["amplitude"],
                     2 * np.pi * r["error"][1:] / r["fit"]["amplitude"], fmt="o", color=f"C{k}",
                     label=f"η = {r['eta']:g} t")
x = np.logspace(-1, 1.5, 200)
axes[1].plot(x, theory.hln(x), "k-", label="F(x) = ψ(1/2 + 1/x) + ln x")
axes[1].set(xscale="log", xlabel="B / B_φ (fitted)", ylabel="2π Δσ / α (e²/h)",
            title="collapse on the universal HLN function")
axes[1].legend(fontsize=8)
fig.tight_layout()
checks.save_figure(fig)
checks.save()
