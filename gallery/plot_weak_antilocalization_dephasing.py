"""Weak antilocalization in a dephased Rashba film
================================================

Spin-orbit coupling turns the weak-localization peak of the conductance into a
weak-antilocalization dip: the Cooperon splits into a singlet (which enters with
the opposite sign and is massless but for dephasing) and three triplets that
relax with the spin.  Here the phase coherence of a 40 x 40 film is limited by
Buttiker dephasing probes on a checkerboard (eta = 0.02 t, tau_phi = hbar/(2 eta f),
f = 1/2, THEORY §8), so that L_phi ~ 10 a < L and the 2D (HLN) theory applies
(THEORY §3(a,b)).  E = 3.4 t from the band bottom, box disorder W = 3 t (l ~ 2.4 a).

Spin-orbit length.  The lattice Rashba hopping -t sigma_0 + i alpha (dy sigma_x -
dx sigma_y) precesses the spin with Omega(k) = (2 alpha/t a) z x v(k) on the whole
Fermi surface, so L_so = v_F/Omega = t a/(2 alpha) at any energy (= hbar^2/(2 m
alpha_R) near the band bottom, alpha_R = 2 alpha a).  In the D'yakonov-Perel regime
Omega tau = l/L_so << 1 the in-plane spin relaxes over sqrt(D tau_xx) = L_so and the
out-of-plane spin twice as fast; the field is B_so = hbar/(4 e L_so^2), i.e.
phi_so = 1/(8 pi L_so^2) per plaquette (module `physics.spin_orbit_localization`).

Theory curves.  rashba = 0: both spins, Delta sigma = F(B/B_phi)/pi (computed
with the spinless film: without SOC the spinful film is exactly two copies, a
test checks it to 1e-10).  With Rashba: the Iordanskii-Lyanda-Geller-Pikus series
(Knap et al. PRB 53, 3912 (1996), Eq. 37, linear Rashba), the exact diffusive
theory; its series terms are the traces of the 3x3 blocks of the triplet Cooperon
with masses (B_so, B_so, 2 B_so), the same B_so as in the simplified form of
THEORY §3(b), -(1/pi)[F(b_phi)/2 - F(b_phi + b_so) - F(b_phi + 2 b_so)/2], which
neglects the field coupling of the triplets.  Fitted to the same data the
simplified form returns a B_so 3-10 times smaller (it is shown dotted, not used
for a verdict).  Delta g is converted to Delta sigma by removing the contact
resistance of the N lead modes, Delta sigma = (g_s/g)^2 Delta g, g_s = 1/(1/g - 1/N).

Procedure.  (1) Spinless film: fit F(B/B_phi)/(2 pi) (theoretical amplitude) for
L_phi.  (2) Rashba alpha = 0.1 t (L_so = 5 a, Omega tau ~ 0.5): fit the ILP curve
for L_so with L_phi fixed (rescaled by sqrt(D) with D from the high-field
conductance; its error propagated).  (3) Strong Rashba alpha = 0.3 t (L_so = 1.7 a <
l: spin relaxed after ~ l, THEORY §11): only the singlet survives.

Verdicts.  (a) Sign change: Delta g > 0 at rashba = 0 and Delta g < 0 with strong
Rashba, each beyond 3 standard errors (paired differences, same realizations at
both fields), at phi = 8e-3 (B ~ 0.5 B_tr, omega_c tau ~ 0.07).  (b) Reported, NOT
a verdict: the fitted L_so against the DP length t a/(2 alpha).  A factor-2
tolerance (|ln ratio| <= ln 2) was considered but only after a first look at the
data, so it is not used: B_so is set by the depth of a logarithmic dip, so a
20-30 % error in the curve's amplitude (the spinless fit of this geometry returns an
amplitude 1.3 +- 0.4; finite L/L_phi ~ 4; ballistic corrections of order
(Omega tau)^2 ~ 0.25 to the spin-relaxation rate) moves B_so by a factor ~2-4.
Honest status: the simulated WAL at alpha = 0.1 t is weaker than the diffusive
theory predicts.  The fits return L_so ~ 1.2-1.6 t a/(2 alpha) (full mode, 48 seeds:
L_so = 7.7 +- 0.3 a against 5 a, with chi^2/dof ~ 10: the ILP shape does not fit;
the data look like a weak-localization curve of reduced amplitude), and no dip at
the smallest fields (B < B_so) is resolved, although ILP with L_so = 5 a predicts
one of -0.04 e^2/h.  Likely causes, not yet separated: Omega tau ~ 0.5 is not << 1
(the spin turns by 0.5 rad per mean free path, outside the diffusive Cooperon) and
L_phi/L_so ~ 2, L/L_phi ~ 4; a cleaner test needs alpha ~ 0.04 t (Omega tau ~ 0.2)
with L_phi >~ 3 L_so ~ 40 a, i.e. films of >~ 120 x 120 sites.
(c) Strong SOC: Delta sigma(alpha = 0.3)/Delta sigma(rashba = 0, both
spins) = -1/2 within 3 standard errors (the band changes with alpha, D by ~15 %,
which moves the ratio by less than the statistical error).
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import dephasing, spin_orbit_localization as so, theory

from _common import Checks, pick

start = time.time()
checks = Checks("weak_antilocalization_dephasing")
size, energy, disorder, eta = 40, 3.4, 3.0, 0.02
probe_fraction = 0.5
phis = np.array(pick([0, 1e-3, 2e-3, 4e-3, 8e-3], [0, 2.5e-4, 5e-4, 1e-3, 2e-3, 4e-3, 8e-3]))
fit_range = (phis > 0) & (phis <= 4e-3)          # B <= 0.3 B_tr: diffusive
sign_field = phis.size - 1                         # phi = 8e-3
dp_rashba, strong_rashba = 0.1, 0.3
nu = float(theory.density_of_states_2d(energy))    # per site per spin


def run(spin, rashba, n_seeds, fields):
    """Paired magnetoconductance of an ensemble: (g, Delta sigma, error, D)."""
    film = devices.Film(width=size, length=size, spin=spin)
    extra = {"rashba": rashba} if spin else {}
    ds = physics.ensemble(film, energy=energy, seeds=range(n_seeds), sweep={"phi": fields},
                          disorder=disorder, dephasing=eta, probes="checkerboard",
                          executor="serial", **extra)
    g = ds.conductance.values
    n_modes = physics.open_modes(film, energy)
    mean, error = physics.measurements.paired_difference(g, 0)
    g_high = g[:, -1].mean()
    # Both spins count in g and N for the spinful film: D per spin = g_s / (2 pi nu n_s).
    n_s = 2 if spin else 1
    g_sheet = 1 / (1 / g_high - 1 / n_modes)
    diffusion = g_sheet / (2 * np.pi * nu * n_s)
    return dict(g=g, dsigma=so.sheet_magnetoconductance(mean, g_high, n_modes),
                error=so.sheet_magnetoconductance(error, g_high, n_modes),
                diffusion=diffusion)


# %% 1. Spinless film: L_phi from HLN (both spins = 2 x spinless, exact without SOC)
spinless = run(False, 0.0, pick(16, 48), phis)
hln_fit = so.fit_hln_magnetoconductance(phis[fit_range], spinless["dsigma"][fit_range],
                                        spinless["error"][fit_range], fit_amplitude=False)
l_phi_input = dephasing.dephasing_length(eta, spinless["diffusion"], probe_fraction)
both_spins = dict(dsigma=2 * spinless["dsigma"], error=2 * spinless["error"])

# %% 2. D'yakonov-Perel regime: fit L_so
dp = run(True, dp_rashba, pick(6, 48), phis)
scale = np.sqrt(dp["diffusion"] / spinless["diffusion"])
l_phi_dp = (hln_fit["dephasing_length"] * scale, hln_fit["dephasing_length_error"] * scale)
l_so_theory = so.lattice_spin_orbit_length(dp_rashba)
so_fit = so.fit_spin_orbit_magnetoconductance(phis[fit_range], dp["dsigma"][fit_range],
                                              dp["error"][fit_range], dephasing_length=l_phi_dp,
                                              model="ilp", start_spin_orbit_length=l_so_theory)
simple_fit = so.fit_spin_orbit_magnetoconductance(phis[fit_range], dp["dsigma"][fit_range],
                                                  dp["error"][fit_range],
                                                  dephasing_length=l_phi_dp, model="dp",
                                                  start_spin_orbit_length=l_so_theory)
# l = v tau = 2 D / v with v the rms Fermi velocity (DOS-weighted Fermi-surface average).
k = np.linspace(-np.pi, np.pi, 801)
kx, ky = np.meshgrid(k, k)
weight = np.exp(-((4 - 2 * np.cos(kx) - 2 * np.cos(ky) - energy) / 0.02) ** 2)
v_fermi = np.sqrt(np.sum(4 * (np.sin(kx) ** 2 + np.sin(ky) ** 2) * weight) / weight.sum())
mean_free_path = 2 * dp["diffusion"] / v_fermi
omega_tau = so.precession_parameter(dp_rashba, mean_free_path)

# %% 3. Strong Rashba: singlet only
strong_fields = phis if pick(False, True) else phis[[0, sign_field]]
strong = run(True, strong_rashba, pick(8, 24), strong_fields)
strong_index = -1

# %% Verdicts
checks.add_bound(f"(a) Δσ(φ = {phis[sign_field]:g}), rashba = 0, both spins (WL: positive)",
                 both_spins["dsigma"][sign_field], both_spins["error"][sign_field], lower=0,
                 unit="e²/h")
checks.add_bound(f"(a) Δσ(φ = {phis[sign_field]:g}), rashba = {strong_rashba} t (WAL: negative)",
                 strong["dsigma"][strong_index], strong["error"][strong_index], upper=0,
                 unit="e²/h")
log_ratio = np.log(so_fit["spin_orbit_length"] / l_so_theory)
log_error = so_fit["spin_orbit_length_error"] / so_fit["spin_orbit_length"]
# (b) is reported, not a verdict: its factor-2 tolerance was chosen after a first look at the
# data, and the ILP shape does not fit in this regime (see the docstring).
print(f"MEASURED (b) L_so = {so_fit['spin_orbit_length']:.2f} ± "
      f"{so_fit['spin_orbit_length_error']:.2f} a (ILP fit, α = {dp_rashba} t) vs DP "
      f"{l_so_theory:.2f} a: ln ratio {log_ratio:.2f} ± {log_error:.2f}; Ωτ = {omega_tau:.2f}; "
      f"L_φ = {l_phi_dp[0]:.1f} ± {l_phi_dp[1]:.1f} a (input {l_phi_input:.1f} a); "
      f"χ² = {so_fit['chi2']:.2f}; simplified DP form: L_so = "
      f"{simple_fit['spin_orbit_length']:.1f} a", flush=True)
ratio = strong["dsigma"][strong_index] / both_spins["dsigma"][sign_field]
ratio_error = abs(ratio) * np.hypot(strong["error"][strong_index] / strong["dsigma"][strong_index],
                                    both_spins["error"][sign_field]
                                    / both_spins["dsigma"][sign_field])
checks.add(f"(c) Δσ(α = {strong_rashba} t) / Δσ(rashba = 0, both spins) at φ = "
           f"{phis[sign_field]:g}", ratio, ratio_error, -0.5, 3 * ratio_error,
           note="symplectic singlet only: −1/2")
print(f"L_phi fit {hln_fit['dephasing_length']:.2f} ± {hln_fit['dephasing_length_error']:.2f}, "
      f"input {l_phi_input:.2f}; D = {spinless['diffusion']:.3f} (spinless), "
      f"{dp['diffusion']:.3f} (α = {dp_rashba}), {strong['diffusion']:.3f} (α = {strong_rashba})")
print(f"run time {time.time() - start:.1f} s")

# %% Figure
fig, (ax_a, ax_b) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
fine = np.linspace(0, phis.max(), 161)[1:]
phi_phi = so.field_from_length(hln_fit["dephasing_length"])
ax_a.errorbar(phis, both_spins["dsigma"], both_spins["error"], fmt="o", color="C0",
              label="rashba = 0 (2 × spinless)")
ax_a.plot(fine, so.hln_magnetoconductance(fine, phi_phi, degeneracy=2), color="C0",
          label=f"HLN, L_φ = {hln_fit['dephasing_length']:.1f} a (fit)")
ax_a.errorbar(strong_fields, strong["dsigma"], strong["error"], fmt="s", color="C3",
              label=f"α = {strong_rashba} t "
                    f"(L_so = {so.lattice_spin_orbit_length(strong_rashba):.1f} a < l)")
ax_a.plot(fine, -0.5 * so.hln_magnetoconductance(fine, phi_phi, degeneracy=2), color="C3",
          ls="--", label="singlet only: −½ × HLN")
ax_a.axhline(0, color="k", lw=0.5)
ax_a.axvspan(4e-3, phis.max(), color="gray", alpha=0.1)
ax_a.set(xlabel="flux per plaquette φ (h/e)", ylabel="Δσ = σ(φ) − σ(0) (e²/h, both spins)",
         title=f"{size}×{size} film, η = {eta} t: WL → WAL (shaded: outside fit range)")
ax_a.ticklabel_format(axis="x", style="sci", scilimits=(0, 0))
ax_a.legend(fontsize=8)

phi_dp = so.field_from_length(l_phi_dp[0])
ax_b.errorbar(phis, dp["dsigma"], dp["error"], fmt="o", color="C2",
              label=f"α = {dp_rashba} t (Ωτ ≈ {omega_tau:.2f})")
ax_b.plot(fine, so.ilp_magnetoconductance(fine, phi_dp, so.field_from_length(
    so_fit["spin_orbit_length"])), color="C2",
    label=f"ILP fit: L_so = {so_fit['spin_orbit_length']:.1f} ± "
          f"{so_fit['spin_orbit_length_error']:.1f} a")
ax_b.plot(fine, so.ilp_magnetoconductance(fine, phi_dp, so.field_from_length(l_so_theory)),
          color="k", ls="--", label=f"ILP with DP L_so = t a/2α = {l_so_theory:.1f} a")
ax_b.plot(fine, so.dp_magnetoconductance(fine, phi_dp, so.field_from_length(
    simple_fit["spin_orbit_length"])), color="C2", ls=":",
    label=f"simplified DP form fit: L_so = {simple_fit['spin_orbit_length']:.1f} a")
ax_b.plot(fine, so.hln_magnetoconductance(fine, phi_dp, degeneracy=2), color="C0", lw=0.8,
          alpha=0.6, label="no SOC (2 × HLN)")
ax_b.axhline(0, color="k", lw=0.5)
ax_b.axvspan(4e-3, phis.max(), color="gray", alpha=0.1)
ax_b.set(xlabel="flux per plaquette φ (h/e)", ylabel="Δσ (e²/h, both spins)",
         title="D'yakonov-Perel regime: spin-orbit length from the ILP fit",
         ylim=(min(-0.15, dp["dsigma"].min() - 0.05), None))
ax_b.ticklabel_format(axis="x", style="sci", scilimits=(0, 0))
ax_b.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
