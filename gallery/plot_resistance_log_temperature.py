"""Weak localization on cooling: the ln T rise of a 2D film's resistance
=======================================================================

Drude theory gives a resistance that saturates at low temperature (impurity
scattering is elastic).  Thin films instead show a resistance that keeps rising
as ln(1/T): weak localization.  Inelastic (electron-electron) collisions cut the
coherent time-reversed loops off at L_phi(T) = L_0 (T/T_0)^(-p/2), with p = 1 in
2D (docs/theory/dephasing.md#dephasing-rate-and-temperature),
and the 2D correction -(n_s/pi)(e^2/h) ln(L_phi/l) then gives
sigma(T) = sigma_D + n_s p/(2 pi) (e^2/h) ln T + const.

Here the temperature enters only through L_phi(T) (`physics.dephasing.
DephasingModel`, p = 1, L_0 = 8 a at T_0): Buttiker probes on every site (f = 1;
until session 9 a checkerboard, f = 1/2) with eta(T) = hbar D/(2 f L_phi(T)^2).
The probes also relax momentum, an artefact
of the model that lowers the Drude conductivity by ~2 eta f tau; it is removed
by measuring every sample also at a field B_k = 0.005 h/e per plaquette (~B_tr,
which removes the loops longer than ~3 a at every T but leaves the classical
conductivity unchanged, omega_c tau ~ 0.04): the weak-localization part is
delta sigma(T) = sigma(T, 0) - sigma(T, B_k), and HLN predicts
-n_s F(B_k/B_phi(T))/(2 pi), which tends to the ln T law with slope p n_s/(2 pi)
= 0.159 e^2/h once L_phi >> sqrt(hbar/(4 e B_k)).  The resistance on the right
is R(T) = 1/(sigma_D + delta sigma(T)), sigma_D the mean sigma(T, B_k).

Sample: 40 x 40 sheet (56 x 56 full), E = 3.4 t, box disorder 3 t (l ~ 4 a),
16 seeds (48 full); D is measured with the probes on (Einstein relation, as on
the HLN page) at T_0, self-consistently with the eta it gives
(`physics.analysis.dephasing_calibration.coupling_for_length`, 8 seeds), and used
for eta(T) at every T.  Re-validated with probes on every site on seeds 100-115
(not the page's): slope 0.096 +- 0.018 e^2/h against 0.104, rise 0.043 +- 0.012 h/e^2.

Checks.  (1) The slope d(delta sigma)/d ln T agrees with the HLN prediction at
the same temperatures within 3 standard errors plus 20 % (the finite film: L_phi
reaches 40 % of its size at the lowest T).  (2) The resistance rises on cooling:
R(T_min) - R(T_max) > 0 by more than 3 standard errors.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import dephasing, theory

from _common import Checks, pick
from physics.analysis import dephasing_calibration
from physics.analysis.magnetoconductance_fits import fit_log_temperature

checks = Checks("resistance_log_temperature")
size = pick(40, 56)
energy, disorder = 3.4, 3.0
film = devices.Film(width=size, length=size)
n_modes = physics.open_modes(film, energy)
dos = float(theory.density_of_states_2d(energy))
model = dephasing.DephasingModel.for_dimension(2, reference_length=8.0, reference_temperature=1.0)
temperatures = np.array(pick([0.25, 0.5, 1.0, 2.0], [0.125, 0.25, 0.5, 1.0, 2.0]))
b_kill = 0.005
n_seeds = pick(16, 48)
seeds = range(n_seeds)

probes = "all"
# D with the probes on, at the reference temperature: eta(T_0) and D(eta) self-consistent.
reference = dephasing_calibration.coupling_for_length(
    film, energy, float(model.length(1.0)), probes=probes, seeds=range(8), disorder=disorder,
    phi=b_kill)
diffusion = reference["diffusion_constant"]
couplings = model.coupling(temperatures, diffusion, probe_fraction=reference["probe_fraction"])

sigma = np.empty((n_seeds, temperatures.size, 2))
for k, eta in enumerate(couplings):
    ds = physics.ensemble(film, energy=energy, seeds=seeds, sweep={"phi": [0.0, b_kill]},
                          disorder=disorder, dephasing=float(eta), probes=probes, executor=2)
    sigma[:, k] = ds.conductance.values * film.length / film.width
delta = sigma[:, :, 0] - sigma[:, :, 1]
mean, error = delta.mean(axis=0), delta.std(axis=0, ddof=1) / np.sqrt(n_seeds)
l_phi = model.length(temperatures)
predicted = -theory.hln_magnetoconductivity(b_kill, l_phi)

law = fit_log_temperature(temperatures, mean, error, temperature_unit="T_0")
slope, slope_error = law.slope, law.slope_error
predicted_slope = fit_log_temperature(temperatures, predicted, temperature_unit="T_0").slope
checks.add("slope d(delta sigma)/d ln T", slope, slope_error, predicted_slope,
           3 * slope_error + 0.2 * predicted_slope, unit="e^2/h",
           note=f"HLN at the same L_phi(T) = {', '.join(f'{x:.1f}' for x in l_phi)} a; "
                f"asymptotic p/(2 pi) = {1 / (2 * np.pi):.3f}")

sigma_d = sigma[:, :, 1].mean()
resistance = 1 / (sigma_d + delta)
rise = resistance[:, 0] - resistance[:, -1]
checks.add_bound("resistance rise R(T_min) - R(T_max)", rise.mean(),
                 rise.std(ddof=1) / np.sqrt(n_seeds), lower=0.0, unit="h/e^2",
                 note=f"T from {temperatures[-1]:g} to {temperatures[0]:g} T_0")

# %% Figure
fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
axes[0].errorbar(temperatures, mean, error, fmt="o", label="simulation: σ(T,0) − σ(T,B_k)")
fine = np.geomspace(temperatures.min() / 1.5, temperatures.max() * 1.5, 100)
axes[0].plot(fine, -theory.hln_magnetoconductivity(b_kill, model.length(fine)), "k-",
             label="HLN: −F(B_k/B_φ(T))/2π")
axes[0].plot(fine, law.curve(fine), "C0:", label=f"fit: slope {slope:.3f} e²/h")
middle = temperatures.size // 2
asymptote = predicted[middle] + np.log(fine / temperatures[middle]) / (2 * np.pi)
axes[0].plot(fine, asymptote, color="gray", ls="--", label="ln T law, slope 1/2π")
axes[0].set(xscale="log", xlabel="T / T₀", ylabel="δσ_WL (e²/h)",
            title=f"weak-localization correction, L_φ ∝ T^(−1/2)")
axes[0].legend(fontsize=8)
axes[1].errorbar(temperatures, resistance.mean(axis=0),
                 resistance.std(axis=0, ddof=1) / np.sqrt(n_seeds), fmt="o-", color="C3",
                 label="with weak localization")
axes[1].axhline(1 / sigma_d, color="k", ls="--", label="Drude (no WL)")
axes[1].set(xscale="log", xlabel="T / T₀", ylabel="R per square (h/e²)",
            title="resistance rises on cooling as ln(1/T)")
axes[1].legend(fontsize=8)
for ax in axes:
    ax.set_xticks(temperatures, labels=[f"{t:g}" for t in temperatures])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
fig.tight_layout()
checks.save_figure(fig)
checks.save()
