"""The diffusion pole: density response chi(q, omega) of a disordered film
========================================================================

A density wave exp(i q x) in a diffusive metal does not propagate: it spreads, and
decays at the rate D q^2.  The density response is the diffusion pole,

chi(q, omega) = nu D q^2 / (D q^2 - i omega),

whose dissipative part Im chi / omega is a Lorentzian in omega of half-width D q^2 and
weight pi nu: the width measures the diffusion constant, the weight is the static
limit chi(q -> 0, 0) = nu, the thermodynamic density of states, the same at any
disorder (docs/theory/kubo.md#density-response-and-the-diffusion-pole).

Here Im chi(q, omega) / (pi omega) comes from the Kubo formula with the density wave
in place of the velocity, by the kernel polynomial method (N = 1000 moments,
resolution eta ~ 0.014 t, two random vectors; six in the full run), on 200 x 200 films closed into rings
along x (q = 2 pi m / 200), at E_F = 1.3 t, box disorder W = 2.5 t and 2 t
(k_F l ~ 7 and 12), in a weak field phi = 2e-3 h/e per plaquette (magnetic length 9 a,
shorter than the resolution's cut-off L_eta ~ 20 a: the weak-localization correction,
~10 % of sigma at W = 2.5 t, is removed from both routes; omega_c tau ~ 0.08).  The Einstein relation sigma = e^2 nu D gives D independently,
from the Kubo-Greenwood sigma_xx and the density of states of the same sample.
At q l ~ 1 the pole turns into the ballistic response: the curves are the Boltzmann
density response of an isotropically scattering 2D gas (Born l and tau), smeared by
the resolution; its diffusive limit is the pole.

Checks.  (a) The Einstein relation: D = Gamma / q^2 from the pole width at q l = 0.4
(W = 2.5 t; the Boltzmann shape's +1 % bias in the same Lorentzian fit removed)
equals sigma_xx / (2 pi nu) within 3 errors + 4 % (the mean over the energy window and
the lattice's non-circular Fermi surface, which the Boltzmann curve ignores).
(b) The static limit: the pole's weight (pi x height x width) at the smallest q of
each disorder (q l = 0.4 and 0.3) is nu, within 3 errors + 4 %, after the Boltzmann
shape's own excess in the same fit (1.06 and 1.04), while the widths differ by the
ratio of the diffusion constants.  The q l = 0.6 curve is shown, not checked: there the
pole is no longer a Lorentzian, and a Lorentzian fit of two vectors' data moves by tens
of per cent between vector sets.

References: Altshuler and Aronov, in Electron-Electron Interactions in Disordered
Systems (1985); Akkermans and Montambaux, Mesoscopic Physics of Electrons and Photons
(2007), ch. 4.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
from physics import theory
from physics.analysis import fits
from physics.analysis.regime import transport_parameters
from physics.linear_response import density_correlation, kubo_greenwood

from _common import Checks, pick

checks = Checks("diffusion_pole")
size, fermi_energy, moments, window = 200, 1.3, 1000, 0.15
phi = 2e-3  # l_m = 8.9 a < L_eta ~ 20 a: no weak localization; omega_c tau ~ 0.08
vectors = pick(2, 6)
energies = np.round(np.arange(fermi_energy - 0.25, fermi_energy + 0.2501, 0.01), 6)
ring = devices.ClosedSample(devices.Film(width=size, length=size), periodic=True)
modes = {2.5: (2, 3), 2.0: (1,)}


def fitted_pole(omega, values, errors, eta, limit):
    """Lorentzian fit of Im chi / (pi omega) for omega below ``limit``; errors scaled by
    sqrt(chi^2) when the scatter exceeds them."""
    use = omega < limit
    fit = fits.fit_lorentzian_peak(omega[use], values[use], errors[use], eta)
    scale = np.sqrt(max(fit["chi2"], 1.0))
    return fit["height"], fit["half_width"], fit["height_error"] * scale, \
        fit["half_width_error"] * scale


def boltzmann_seen_by_the_fit(q, born, dos, eta, omega, limit):
    """The smeared Boltzmann Im chi / (pi omega) and its Lorentzian fit (width, weight)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    shifted = np.maximum(np.abs(omega[:, None] + np.sqrt(2) * eta * nodes), 1e-9)
    curve = (theory.boltzmann_density_response(q, shifted, born["mean_free_path"],
                                               born["scattering_time"], dos).imag
             / (np.pi * shifted)) @ (weights / weights.sum())
    height, width, _, _ = fitted_pole(omega, curve, np.ones_like(curve), eta, limit)
    return curve, width, np.pi * height * width


# %%
runs = {}
for disorder, ms in modes.items():
    born = transport_parameters(fermi_energy, disorder)
    q = 2 * np.pi * np.array(ms) / size
    response = density_correlation(ring, energies, q, moments, num_vectors=vectors, seeds=(7,),
                                   disorder=disorder, phi=phi)
    omega, values, errors = response.spectrum(fermi_energy, window)
    dos = response.dos_near(fermi_energy, window)
    einstein = einstein_error = None
    if disorder == 2.5:  # the Einstein relation's D from sigma_xx of the same sample
        near = energies[np.abs(energies - fermi_energy) <= window + 1e-9]
        kubo = kubo_greenwood(ring, near, moments, num_vectors=vectors, seeds=(7,),
                              disorder=disorder, phi=phi)
        einstein = kubo.dc.mean() / (2 * np.pi * dos)
        # The spread over the window's energies (it holds the vectors' noise too).
        einstein_error = kubo.dc.std(ddof=1) / np.sqrt(len(near)) / (2 * np.pi * dos)
    eta = float(response.resolution[np.argmin(np.abs(energies - fermi_energy))])
    runs[disorder] = dict(born=born, q=q, omega=omega, values=values, errors=errors, dos=dos,
                          einstein=einstein, einstein_error=einstein_error, eta=eta)

# %%
def pole(run, index):
    """The fitted pole of wave number ``run["q"][index]`` (height, width and their errors,
    on omega < 6 Gamma_Boltzmann) and the Boltzmann curve's width and weight in that fit."""
    q = run["q"][index]
    limit = 6 * theory.boltzmann_pole_width(q, run["born"]["mean_free_path"],
                                            run["born"]["scattering_time"])
    fit = fitted_pole(run["omega"], run["values"][index], run["errors"][index], run["eta"],
                      limit)
    _, theory_width, theory_weight = boltzmann_seen_by_the_fit(
        q, run["born"], run["dos"], run["eta"], run["omega"], limit)
    return q, fit, theory_width, theory_weight


# (a) The Einstein relation at q l = 0.4 (W = 2.5 t, m = 2).
run = runs[2.5]
q, (height, width, height_error, width_error), theory_width, _ = pole(run, 0)
bias = theory_width / (run["born"]["diffusion_constant"] * q**2)
checks.add("(a) D from the pole width at q l = 0.4 (t a²/ħ)", width / q**2 / bias,
           width_error / q**2, run["einstein"], 3 * np.hypot(width_error / q**2,
                                                             run["einstein_error"])
           + 0.04 * run["einstein"], "t a²/ħ",
           note=f"Einstein D = sigma_xx / 2 pi nu = {run['einstein']:.2f} ± "
                f"{run['einstein_error']:.2f}; Born D {run['born']['diffusion_constant']:.2f}; "
                f"fit bias of the Boltzmann shape {bias:.3f} removed")

# %%
# (b) The static limit: the weight of the pole is nu at both disorders (the smallest q).
for disorder, run in runs.items():
    q, (height, width, height_error, width_error), _, theory_weight = pole(run, 0)
    weight = np.pi * height * width / run["dos"]
    weight_error = weight * np.hypot(height_error / height, width_error / width)
    checks.add(f"(b) W = {disorder:g} t: chi(q, 0) / nu from the pole weight at q l = "
               f"{q * run['born']['mean_free_path']:.2f}", weight, weight_error,
               theory_weight / run["dos"], 3 * weight_error + 0.04,
               note=f"pole width {width:.4f} t = D q² with D = {width / q**2:.2f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for ax, (disorder, run) in zip(axes, runs.items()):
    for i, (q, colour) in enumerate(zip(run["q"], ("C0", "C1", "C2"))):
        ql = q * run["born"]["mean_free_path"]
        ax.errorbar(run["omega"], run["values"][i] / run["dos"], run["errors"][i] / run["dos"],
                    fmt="o", ms=3, color=colour, label=f"KPM, q l = {ql:.2f}")
        curve, _, _ = boltzmann_seen_by_the_fit(q, run["born"], run["dos"], run["eta"],
                                                run["omega"], 1.0)
        ax.plot(run["omega"], curve / run["dos"], "-", color=colour, lw=1)
        if run["einstein"] is not None:
            rate = run["einstein"] * q**2
            ax.plot(run["omega"], theory.resolution_broadened_drude(
                run["omega"], 1 / (np.pi * rate), 1 / rate, run["eta"]), ":", color=colour,
                lw=1)
    ax.set_xlabel("ħω (t)")
    ax.set_ylabel("Im χ(q, ω) / (π ω ν)  (1/t)")
    ax.set_yscale("log")
    ax.set_title(f"W = {disorder:g} t, {size}² ring, E_F = {fermi_energy} t")
    ax.legend(fontsize=8, title_fontsize=7, title="lines: Boltzmann (Born l, τ)" + (
        "; dotted: the pole with D_Einstein" if run["einstein"] is not None else ""))
checks.save_figure(fig)
checks.save()
