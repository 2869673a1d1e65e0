"""The Kubo route: sigma_xx of a large film and the AC Drude peak
================================================================

The Landauer pages compute conductances between leads; the Kubo formula gives the
conductivity of a sample from its Hamiltonian alone.  For non-interacting electrons
at zero temperature (Kubo-Greenwood)

Re sigma(omega) = (pi hbar e^2 / Omega) (1 / hbar omega) int dE Tr[v_x delta(E - H) v_x delta(E + hbar omega - H)],

evaluated here with the kernel polynomial method: Chebyshev expansions of the
delta functions (Jackson kernel, N = 1500 moments, energy resolution eta ~ 0.008 t)
applied to a random-phase vector, on a film closed into a ring along x, with no
contacts (docs/theory/kubo.md#kubo-greenwood-conductivity).  One run gives the
whole matrix Tr[v delta(E1 - H) v delta(E2 - H)]: its diagonal is sigma_xx(E), its
off-diagonals the optical conductivity.

Samples: a 400 x 400 film (160 000 sites; 1000 x 1000 = 10^6 sites in the full
run), box disorder W = 1 t, energies 0.6 - 2 t from the band bottom.  A weak field,
phi = 2e-4 flux quanta per plaquette (magnetic length 28 a), removes the
weak-localization correction, which the resolution would otherwise cut off only at
L_eta = sqrt(hbar D / eta) ~ 90 a (docs/theory/kubo.md#what-the-resolution-does); it
changes the Drude conductivity by (omega_c tau)^2 ~ 0.3 %.

Theory: the Born-Drude sheet conductance sigma_0(E) and time tau(E)
(docs/theory/drude.md#drude-sheet-conductance), and the AC Drude form
Re sigma(omega) = sigma_0 / (1 + (omega tau)^2) (docs/theory/kubo.md#ac-drude-conductivity).
The simulation sees both through its resolution: each delta function is a Gaussian of
standard deviation eta, so the theory is compared after the same smearing (a Voigt
profile at omega = 0, 5 % below sigma_0 at tau = 20 hbar/t).

Checks.  (a) sigma_xx(E) averaged over 71 energies is the broadened Born-Drude
conductivity: tolerance 3 % (the Born approximation's accuracy at W = 1 t, measured
within 1-2 % by the Landauer route, docs/theory/drude.md) + 3 standard errors (the
spread over energies; neighbouring energies 2.5 eta apart are nearly independent).
(b) The two routes agree: the Kubo sigma_xx at E = 1.3 t (corrected for the resolution
with the Voigt factor, averaged over 1.1 - 1.5 t, where it is linear in E) equals the Landauer one of the same
disorder, from the slope of 1/<g> between wires of length 100 and 300 (width 100,
the same field): tolerance 3 combined standard errors + 2 % (the contact resistance
is subtracted exactly by the slope; the rest is DMPK's 1/N corrections).  (c) The
width of the AC Drude peak at E_F = 1.3 t: tau fitted to Re sigma(omega) for
omega tau < 7, through the broadened Lorentzian, is the Born tau within 5 % (the
Born approximation and the band curvature over hbar omega < 0.35 t) + 2 fit errors
(from the scatter).

References: Kubo, J. Phys. Soc. Jpn. 12, 570 (1957); Greenwood, Proc. Phys. Soc. 71,
585 (1958); Weisse et al., Rev. Mod. Phys. 78, 275 (2006).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory
from physics.analysis.regime import transport_parameters
from physics.linear_response import kubo_greenwood

from _common import Checks, pick

checks = Checks("kubo_conductivity")
size = pick(400, 1000)
seeds = pick((1,), (1, 2))
disorder, phi, moments = 1.0, 2e-4, 1500
cyclotron = 4 * np.pi * phi  # omega_c = eB/m* near the band bottom, t/hbar
energies = np.round(np.arange(0.6, 2.0001, 0.02), 6)
film = devices.ClosedSample(devices.Film(width=size, length=size), periodic=True)
kubo = kubo_greenwood(film, energies, moments, num_vectors=1, seeds=seeds, disorder=disorder,
                      phi=phi)

# %%
# (a) DC conductivity against the broadened Born-Drude one.
born = [transport_parameters(energy, disorder) for energy in energies]
sigma0 = np.array([b["sheet_conductance"] for b in born])
tau = np.array([b["scattering_time"] for b in born])
broadened = np.array([
    theory.resolution_broadened_drude(0.0, s, t, eta, cyclotron)
    for s, t, eta in zip(sigma0, tau, kubo.resolution)])
ratio = kubo.dc / broadened
checks.add("(a) sigma_xx / broadened Born-Drude, mean over 0.6-2 t", ratio.mean(),
           ratio.std(ddof=1) / np.sqrt(len(ratio)), 1.0,
           0.03 + 3 * ratio.std(ddof=1) / np.sqrt(len(ratio)),
           note=f"{size} x {size} film, {len(seeds)} sample(s), eta = "
                f"{kubo.resolution.mean():.4f} t")

# %%
# (b) The Landauer route at E = 1.3 t: sigma from the slope of 1/<g> in L.
energy, width, lengths = 1.3, 100, (100, 300)
n_wires = pick(16, 64)
inverse, inverse_error = [], []
for length in lengths:
    ds = physics.ensemble(devices.Wire(width=width, length=length), energy=energy,
                          seeds=range(n_wires), disorder=disorder, phi=phi)
    mean, error = physics.statistics.mean(ds.conductance)
    inverse.append(1 / float(mean))
    inverse_error.append(float(error) / float(mean) ** 2)
step = inverse[1] - inverse[0]
sigma_landauer = (lengths[1] - lengths[0]) / width / step
sigma_landauer_error = sigma_landauer * np.hypot(*inverse_error) / step
window = np.abs(energies - energy) < 0.2 + 1e-9
deconvolved = kubo.dc[window] * sigma0[window] / broadened[window]
sigma_kubo = deconvolved.mean()
sigma_kubo_error = deconvolved.std(ddof=1) / np.sqrt(window.sum())
combined = np.hypot(sigma_kubo_error, sigma_landauer_error)
checks.add("(b) Kubo sigma_xx (resolution removed) vs Landauer sigma at E = 1.3 t",
           sigma_kubo, sigma_kubo_error, sigma_landauer,
           3 * combined + 0.02 * sigma_landauer, "e²/h",
           note=f"Landauer: {sigma_landauer:.2f} ± {sigma_landauer_error:.2f} from "
                f"{n_wires} wires of each length; Born {sigma0[window].mean():.2f}")

# %%
# (c) The AC Drude peak at E_F = 1.3 t.
omega, optical, _ = kubo.optical(energy)
born_f = transport_parameters(energy, disorder)
eta = float(kubo.resolution[np.flatnonzero(np.isclose(energies, energy))[0]])
fitted = omega * born_f["scattering_time"] < 7
fit = physics.analysis.fits.fit_lorentzian_peak(omega[fitted], optical[fitted], None, eta)
tau_fit = 1 / fit["half_width"]
tau_fit_error = fit["half_width_error"] / fit["half_width"] ** 2
checks.add("(c) tau from the AC Drude peak (hbar/t)", tau_fit, tau_fit_error,
           born_f["scattering_time"], 0.05 * born_f["scattering_time"] + 2 * tau_fit_error, "ħ/t",
           note=f"fit sigma_0 = {fit['height']:.2f} ± {fit['height_error']:.2f}"
                f" (Born {born_f['sheet_conductance']:.2f}), omega tau < 7")

# %%
fig, (ax, ax_ac) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
ax.plot(energies, kubo.dc, "o", ms=3, label=f"Kubo (KPM), {size}² film")
ax.plot(energies, sigma0, "k--", label="Born-Drude σ₀")
ax.plot(energies, broadened, "k-", label=f"Born-Drude at the resolution η ≈ {eta:.3f} t")
ax.errorbar([energy], [sigma_landauer], [sigma_landauer_error], fmt="s", color="C3", ms=7,
            label="Landauer (slope of 1/<g> in L)")
ax.set_xlabel("E (t from the band bottom)")
ax.set_ylabel("σ_xx (e²/h per square)")
ax.set_title(f"DC: W = {disorder} t, φ = {phi:g} h/e per plaquette")
ax.legend(fontsize=8)

tau_born = born_f["scattering_time"]
x = omega * tau_born
grid = np.linspace(0, omega.max(), 300)
ax_ac.plot(x, optical / born_f["sheet_conductance"], "o", ms=3, label="Kubo (KPM)")
ax_ac.plot(grid * tau_born, theory.drude_optical_conductivity(grid, 1.0, tau_born).real,
           "k--", label="σ₀ / (1 + ω²τ²), Born τ")
ax_ac.plot(grid * tau_born, theory.resolution_broadened_drude(grid, 1.0, tau_born, eta,
                                                               cyclotron),
           "k-", label="the same at the resolution")
ax_ac.plot(grid * tau_born, theory.resolution_broadened_drude(
    grid, fit["height"], tau_fit, eta) / born_f["sheet_conductance"], "C1:",
    label=f"fit: τ = {tau_fit:.1f} ħ/t")
ax_ac.set_yscale("log")
ax_ac.set_xlabel("ω τ_Born")
ax_ac.set_ylabel("Re σ(ω) / σ₀")
ax_ac.set_title(f"AC Drude peak at E_F = {energy} t (τ_Born = {tau_born:.1f} ħ/t)")
ax_ac.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
