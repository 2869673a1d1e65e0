"""Dephasing: Buttiker probes, L_phi and the long-wire magnetoconductance
=========================================================================

Kwant is phase coherent; real wires are not.  Buttiker voltage probes on the
sites of the wire (a wide-band self-energy -i eta each, zero net current) take
electrons out and put them back with a random phase: current is conserved but
phase memory is lost after tau_phi = hbar/(2 eta f) (f: fraction of sites with a
probe; here every site, f = 1), i.e. over L_phi = sqrt(hbar D tau_phi).  The
probe equations are solved to 1e-13 without forming the dense matrix of the 1800
probes' transmissions: slice recursions apply it and GMRES solves them
(`physics.dephasing.SliceDephasingSolver`, 0.08 s per sample here against 0.46 s for
the exact elimination; docs/theory/dephasing.md#buttiker-probes).

Weak localization of a wire of length L >> L_phi then becomes the Altshuler-Aronov
/ Beenakker-van Houten form; between reservoirs the Cooperon with absorbing ends
gives Delta g(B) = f(L/L_phi) - f(L/L_c) with f(x) = coth x/x - 1/x^2,
L_c^-2 = L_phi^-2 + l_B^-2 and l_B^2 = c l_m^4/W^2 (docs/theory/weak_localization.md#long-dephased-wire):
the zero-field
correction tends to -L_phi/L.  The prefactor c is 3 in the dirty limit l << W;
here l ~ W (the only regime where W << L_phi << xi fits on a lattice) and flux
cancellation makes it larger, so c is fitted along with L_phi.

Sample: 12 x 150 wire, E = 3.4 t from the band bottom (9 modes), W = 2 t box
disorder; a probe on every site (until session 9 a checkerboard at twice the
coupling: the same rate 2 eta f and, sample by sample, conductances within 1 %).  D is measured with the probes on, from the
ensemble-mean conductance at the largest field with the contact resistance of
the N modes removed: 1/g = 1/N + L/(2 pi nu_1D D), nu_1D = sum_n 1/(pi v_n) from
the lead's mode velocities.  The right panel is the classical limit: with strong
dephasing a clean wire obeys Ohm's law, R = 1/N + rho L.

Checks.  (1) For each coupling eta the fitted L_phi agrees with sqrt(hbar D/(2
eta f)) within 30 % (the issue's tolerance: the fit absorbs the short-loop
contributions a diffusive theory misses) plus two standard errors.  The errors are
jackknife errors over the seeds: the points of the curve share their samples, so the
fit's own error (independent points) is too small, by 2-3x here.  Calibration
(session 9, seeds 0-127, probes on every site): the fitted L_phi is 0.79 +- 0.08
(eta = 0.005 t) and 0.72 +- 0.06 (eta = 0.01 t) of the input, i.e. inside the 30 %;
blocks of 16 seeds scatter from 0.45 to 1.2 of it, which is why the page now runs
32 seeds (64 in full mode) and why its former 16-seed verdict, without the
statistical allowance, passed on seeds 0-15 but failed on seeds 100-115.  With the
allowance a quick run fails by chance about once in 40 (eta = 0.01 t).
(2) Ohm's law under strong dephasing: the resistance is linear in L (second
difference below 1e-3 of R) and its intercept is the contact resistance 1/N
within 3 %.
"""

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import dephasing, statistics, theory

from _common import Checks, pick
from physics.analysis import fits

checks = Checks("dephasing_wire")
width, length, energy, disorder = 12, 150, 3.4, 2.0
wire = devices.Wire(width=width, length=length)
n_modes = physics.open_modes(wire, energy)
modes = wire.finalized.leads[0].modes(energy, params=wire.solve_params())[0]
nu_1d = np.sum(1 / (np.pi * modes.velocities[modes.velocities > 0]))
phis = np.array([0, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016])
couplings = pick([0.005, 0.01], [0.0025, 0.005, 0.01])
n_seeds = pick(32, 64)
first_seed = int(os.environ.get("MESO_PAGE_FIRST_SEED", "0"))  # re-validation runs only
probes = "all"
probe_fraction = dephasing.dephasing_solver(wire, probes).probe_fraction

results = []
for eta in couplings:
    ds = physics.ensemble(wire, energy=energy, seeds=range(first_seed, first_seed + n_seeds),
                          sweep={"phi": phis}, disorder=disorder, dephasing=eta, probes=probes,
                          executor=2)
    g = ds.conductance.values
    delta = g - g[:, :1]  # paired with the zero-field value of the same sample
    mean, error = delta.mean(axis=0), delta.std(axis=0, ddof=1) / np.sqrt(n_seeds)
    g_classical = g[:, -1].mean()
    diffusion = fits.diffusion_constant(g_classical, n_modes, length, nu_1d)
    l_phi = dephasing.dephasing_length(eta, diffusion, probe_fraction)
    fit = fits.fit_dephased_wire_magnetoconductance(phis, mean, error, length, width)

    def fitted_length(samples):
        """L_phi fitted to the paired mean curve of ``samples`` (seed, field)."""
        paired = samples - samples[:, :1]
        return fits.fit_dephased_wire_magnetoconductance(
            phis, paired.mean(axis=0), paired.std(axis=0, ddof=1) / np.sqrt(len(samples)),
            length, width)["dephasing_length"]

    _, jackknife_error = statistics.jackknife(fitted_length, g)
    results.append(dict(eta=eta, mean=mean, error=error, diffusion=diffusion, l_phi=l_phi,
                        fit=fit, jackknife_error=float(jackknife_error)))
    checks.add(f"L_phi from the magnetoconductance fit, eta = {eta:g} t",
               fit["dephasing_length"], jackknife_error, l_phi,
               0.3 * l_phi + 2 * jackknife_error,
               unit="a", note=f"input sqrt(hbar D/2 eta f), D = {diffusion:.2f} t a^2/hbar; "
                              f"tolerance 30 % + 2 jackknife errors; fit's own error "
                              f"{fit['dephasing_length_error']:.1f} a; fitted c = "
                              f"{fit['field_prefactor']:.1f}, chi2 = {fit['chi2']:.2f}")

# Classical limit: strong dephasing in a clean wire.
ohm_lengths = np.array([20, 40, 60, 80])
ohm_eta = 0.3
resistance = np.array([1 / physics.conductance(devices.Wire(width=4, length=n), 1.0,
                                               dephasing=ohm_eta) for n in ohm_lengths])
coherent = np.array([1 / physics.conductance(devices.Wire(width=4, length=n), 1.0)
                     for n in ohm_lengths])
n_ohm = physics.open_modes(devices.Wire(width=4, length=20), 1.0)
slope = np.diff(resistance)[0] / 20
curvature = np.abs(np.diff(resistance, 2)).max() / resistance.max()
checks.add("Ohm's law: |R(L+2d) - 2R(L+d) + R(L)| / R", curvature, 0.0, 0.0, 1e-3,
           note="clean 4 x L wire, eta = 0.3 t on every site")
intercept = resistance[0] - slope * ohm_lengths[0]
checks.add("contact resistance = intercept of R(L)", intercept, 0.0, 1 / n_ohm, 0.03 / n_ohm,
           unit="h/e^2")

# %% Figure
fig, axes = plt.subplots(1, 3, figsize=(15, 4.4))
fine = np.linspace(0, phis.max(), 200)
for k, r in enumerate(results):
    colour = f"C{k}"
    axes[0].errorbar(phis, r["mean"], r["error"], fmt="o", color=colour,
                     label=f"η = {r['eta']:g} t: L_φ = {r['l_phi']:.0f} a")
    axes[0].plot(fine, theory.dephased_wire_magnetoconductance(
        fine, length, width, r["fit"]["dephasing_length"], r["fit"]["field_prefactor"]),
        color=colour)
    axes[0].axhline(theory.coherent_wire_wl(length / r["l_phi"]), color=colour, ls=":", lw=1)
axes[0].set(xlabel="flux per plaquette φ (h/e)", ylabel="⟨g(φ) − g(0)⟩ (e²/h)",
            title=f"{width}×{length} wire with probes: lines = fit, dotted = f(L/L_φ)")
axes[0].legend(fontsize=8)

inputs = np.array([r["l_phi"] for r in results])
fitted = np.array([r["fit"]["dephasing_length"] for r in results])
fitted_error = np.array([r["jackknife_error"] for r in results])
axes[1].errorbar(inputs, fitted, fitted_error, fmt="o", label="fit of Δg(B)")
line = np.array([0, 1.3 * inputs.max()])
axes[1].plot(line, line, "k--", label="L_φ = sqrt(ħD/2ηf)")
axes[1].fill_between(line, 0.7 * line, 1.3 * line, color="gray", alpha=0.2, label="±30 %")
axes[1].set(xlabel="L_φ put in (a)", ylabel="L_φ fitted (a)", title="dephasing length")
axes[1].legend(fontsize=8)

axes[2].plot(ohm_lengths, resistance, "o-", label=f"η = {ohm_eta} t (strong dephasing)")
axes[2].plot(ohm_lengths, coherent, "s-", label="phase coherent (ballistic)")
axes[2].plot([0, ohm_lengths.max()], [1 / n_ohm, 1 / n_ohm + slope * ohm_lengths.max()], "k:",
             label="1/N + ρL")
axes[2].set(xlabel="length L (a)", ylabel="R (h/e²)", title="clean 4-wide wire: Ohm's law",
            xlim=(0, None), ylim=(0, None))
axes[2].legend(fontsize=8)
fig.tight_layout()
checks.save_figure(fig)
checks.save()
