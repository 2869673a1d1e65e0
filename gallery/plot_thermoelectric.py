"""Thermoelectric response and the Wiedemann-Franz law
====================================================

For elastic (Landauer) transport every linear-response coefficient is a
moment of the zero-temperature transmission T(E) over the Fermi window:
L_n = (1/h) ∫dE T(E) (E − μ)^n (−∂f/∂E).  Then G = e²L_0, the thermopower
S = −L_1/(eT L_0) (negative when T(E) rises through μ, electron-like) and the
electronic heat conductance κ = (L_2 − L_1²/L_0)/T (docs/theory/thermal.md#landauer-moments; Sivan & Imry
PRB 33, 551 (1986); Butcher JPCM 2, 4869 (1990)).  When T(E) is smooth on the
scale of k_BT the Sommerfeld expansion gives the Wiedemann-Franz law
κ/(GT) = L0 = (π²/3)(k_B/e)² and Mott's formula S = −(π²/3)(k_B²T/e) d ln T/dE.
Carried one order further (derived here from the exact window moments,
physics.thermal.lorenz_ratio_low_temperature):
L/L0 − 1 = (k_BT)² [(8π²/15) T''/T − (π²/3)(T'/T)²], so the deviation grows
as (k_BT/E_c)², where E_c is the energy scale on which T(E) varies.  For a
disordered metal that is the correlation energy of the conductance
fluctuations, E_c ~ E_T = ħD/L².

Samples (spinless, energies from the band bottom, μ = 3t): a diffusive metal
(W = 16, L = 32, box disorder 2t: Born l = 11a, N = 11, <g> ≈ 2.7; Born
D = g_□/(2πν) = 8.6 ta², E_T = ħD/L² = 0.0084t), T(E) tabulated every
0.0003t over μ ± 0.037t for each seed; a strongly disordered, localized wire
(W = 8, L = 60, disorder 3t, <ln g> ≈ −3) whose T(E) is a sequence of
resonances, tabulated every 0.0005t; and a clean wire (W = 4) at its lowest
subband threshold, the band edge, where T(E) is a step: exactly L_0 = 1/2,
L_1 = k_BT ln 2, L_2 = (π²/6)(k_BT)², so S = −2 ln 2 k_B/e = −119 μV/K and
L/L0 = 1 − 12 ln²2/π² = 0.416.  The moments integrate the piecewise-linear
interpolant of the tabulated T(E) exactly (physics.thermal), so the only
error is the interpolation of T(E).

The metal's T(E) turns out to vary on a scale E_c = sqrt(T/T'') ≈ 0.03–0.06t,
a few E_T (the correlation energy of the conductance fluctuations,
docs/theory/ucf.md#correlation-field-and-energy), so Wiedemann-Franz holds to 1 %
only for k_BT ≲ E_T/4, and the
(k_BT)² law is tested below k_BT = 0.0012t.

Tolerances.  Metal: at k_BT = 0.00065t = E_T/13 every sample has
``|L/L0 − 1| < 0.01``; there the measured deviation equals the O(T²) Sommerfeld
term (T' and T'' from 5-point differences of the same T(E); weighted mean
over samples) within 10 % (the O(T⁴) remainder is ~ (k_BT/E_c)² ~ 1e-3 of it,
the difference and interpolation errors ~ (dE/E_c)² ~ 1e-4); the log-log
slope of the rms deviation over k_BT = 0.0003–0.0012t is 2 ± 0.15; the rms
difference between the exact S and Mott's S is below 5 % of the rms S.
Localized: at k_BT = 0.002t the mean ``|ln(L/L0)|`` (L/L0 is broadly
distributed, on both sides of 1) exceeds 0.1 by 3 standard errors, while
the metal's rms L/L0 − 1 stays below 0.05 there (3 standard errors); halving the energy
resolution changes that mean by < 0.02 (resonances resolved).  Band edge:
L/L0 and S within 1e-3 of the closed forms (the interpolant smooths the
step over dE = k_BT/8, an O((dE/k_BT)²/24) effect).
"""

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np

import devices
from physics import theory, thermal

from _common import Checks, pick
import physics

# The band-edge check puts the Fermi window across the first subband threshold on
# purpose: energies below it, where the leads are closed, are part of the integral.
warnings.filterwarnings("ignore", message=".*no open channel",
                        category=devices.RegimeWarning)
checks = Checks("thermoelectric")
mu = 3.0

# %% A diffusive metal: T(E) of each sample on a fine grid around mu
metal = devices.Wire(width=16, length=32)
metal_params = dict(disorder=2.0)
step = 0.0003
temperatures = np.geomspace(0.0003, 0.003, 7)
tail = 1e-5  # window weight beyond the grid at the highest k_BT (+-12.2 k_BT)
energies = mu + step * np.arange(-123, 124)
metal_seeds = range(pick(8, 40))
g_metal = physics.conductance_on_grid(metal, energies, metal_seeds, **metal_params)
nu = theory.density_of_states_2d(mu)
diffusion = theory.drude_sheet_conductance(mu, metal_params["disorder"]) / (2 * np.pi * nu)
e_thouless = diffusion / metal.length**2
print(f"metal: <g> = {g_metal.mean():.3f}, var g = {g_metal.var():.3f}, E_T = {e_thouless:.4f} t")

lorenz = np.array([thermal.thermoelectric(g_metal, mu, kt, energies=energies,
                                          tail_tolerance=tail).lorenz_ratio
                   for kt in temperatures])  # (temperature, seed)

# Sommerfeld: derivatives at mu from 5-point differences of the same table.
i = int(np.argmin(np.abs(energies - mu)))
window = g_metal[:, i - 2:i + 3]
t0 = window[:, 2]
t1 = (window[:, 0] - 8 * window[:, 1] + 8 * window[:, 3] - window[:, 4]) / (12 * step)
t2 = (-window[:, 0] + 16 * window[:, 1] - 30 * window[:, 2] + 16 * window[:, 3]
      - window[:, 4]) / (12 * step**2)
sommerfeld = np.array([theory.lorenz_ratio_low_temperature(t0, t1, t2, kt)
                       for kt in temperatures])
# The curvature scale of T(E): L/L0 - 1 ~ (k_BT/E_c)^2 defines E_c per sample.
e_curvature = np.sqrt(np.abs(t0 / t2))
print(f"metal: curvature scale sqrt(T/T'') = {np.round(e_curvature, 4)} t")

k = 2
kt_check = temperatures[k]
worst = np.max(np.abs(lorenz[k] - 1))
checks.add_bound(f"metal: max |L/L0 − 1| at k_BT = {kt_check:.5f}t = E_T/{e_thouless / kt_check:.0f}",
                 worst, 0.0, upper=0.01, sigmas=0,
                 note="every sample obeys Wiedemann-Franz to 1 %")
ratio = (lorenz[k] - 1) / (sommerfeld[k] - 1)
# Weight by the deviation itself: samples with a tiny Sommerfeld term carry no information.
weights = (sommerfeld[k] - 1) ** 2
mean_ratio = np.sum(weights * ratio) / np.sum(weights)
ratio_error = np.sqrt(np.sum(weights * (ratio - mean_ratio) ** 2) / np.sum(weights)
                      / max(len(ratio) - 1, 1))
checks.add(f"metal: (L/L0 − 1) / Sommerfeld O(T²) term at k_BT = {kt_check:.5f}t", mean_ratio,
           ratio_error, 1.0, 0.10, note="T', T'' from 5-point differences of the tabulated T(E)")

rms = np.sqrt(np.mean((lorenz - 1) ** 2, axis=1))
fit = temperatures <= 0.0012
slope, intercept = np.polyfit(np.log(temperatures[fit]), np.log(rms[fit]), 1)
checks.add("metal: exponent of rms |L/L0 − 1| versus k_BT (k_BT ≤ 0.0012t)", slope, 0.0, 2.0,
           0.15, note="(k_BT/E_c)² at k_BT << E_c")

# Mott versus exact thermopower.
s_exact = thermal.thermoelectric(g_metal, mu, kt_check, energies=energies,
                                 tail_tolerance=tail).thermopower
s_mott = theory.mott_thermopower(t0, t1, kt_check)
mott_error = np.sqrt(np.mean((s_exact - s_mott) ** 2)) / np.sqrt(np.mean(s_exact**2))
checks.add_bound(f"metal: rms(S − S_Mott)/rms(S) at k_BT = {kt_check:.5f}t", mott_error, 0.0,
                 upper=0.05, sigmas=0, note="Mott formula within 5 %")

# %% A localized wire: resonances narrower than k_BT
localized = devices.Wire(width=8, length=60)
loc_params = dict(disorder=3.0)
loc_step = 0.0005
loc_energies = mu + loc_step * np.arange(-70, 71)
g_loc = physics.conductance_on_grid(localized, loc_energies, range(pick(24, 100)), **loc_params)
kt_contrast = 0.002
loc = thermal.thermoelectric(g_loc, mu, kt_contrast, energies=loc_energies,
                             tail_tolerance=1e-4)
loc_coarse = thermal.thermoelectric(g_loc[:, ::2], mu, kt_contrast, energies=loc_energies[::2],
                                    tail_tolerance=1e-4)
# L/L0 is broadly distributed (either sign of ln): average |ln(L/L0)|.
deviation = np.abs(np.log(loc.lorenz_ratio))
print(f"localized: <ln g> = {np.log(g_loc).mean():.2f}, L/L0 = {np.round(loc.lorenz_ratio, 3)}")
checks.add_bound(f"localized: mean |ln(L/L0)| at k_BT = {kt_contrast}t", deviation.mean(),
                 deviation.std(ddof=1) / np.sqrt(deviation.size), lower=0.1,
                 note="Wiedemann-Franz violated by resonances narrower than k_BT")
resolution = abs(np.mean(np.abs(np.log(loc_coarse.lorenz_ratio))) - deviation.mean())
checks.add_bound("localized: change of mean |ln(L/L0)| with half the energy resolution",
                 resolution, 0.0, upper=0.02, sigmas=0,
                 note="the resonances are resolved (5 % of the effect)")
metal_contrast = thermal.thermoelectric(g_metal, mu, kt_contrast, energies=energies,
                                        tail_tolerance=tail).lorenz_ratio
contrast_rms = np.sqrt(np.mean((metal_contrast - 1) ** 2))
checks.add_bound(f"metal: rms (L/L0 − 1) at the same k_BT = {kt_contrast}t", contrast_rms,
                 contrast_rms / np.sqrt(2 * metal_contrast.size), upper=0.05)

# %% A clean wire at its band edge: T(E) is a step
clean = devices.Wire(width=4, length=2)
threshold = theory.hard_wall_subband_energies(4)[0]
kt_step = 0.005
step_energies = threshold + kt_step / 8 * (np.arange(-120, 120) + 0.5)  # +-15 k_BT
g_step = physics.conductance_on_grid(clean, step_energies)[0]
edge = thermal.thermoelectric(g_step, threshold, kt_step, energies=step_energies,
                              tail_tolerance=1e-6)
exact_lorenz = 1 - 12 * np.log(2) ** 2 / np.pi**2
checks.add("band edge: L/L0", edge.lorenz_ratio, 0.0, exact_lorenz, 1e-3,
           note="T(E) = step: 1 − 12 ln²2/π²")
checks.add("band edge: S", edge.thermopower, 0.0, -2 * np.log(2), 1e-3, unit="k_B/e",
           note=f"−2 ln 2 k_B/e = {-2 * np.log(2) * thermal.BOLTZMANN_OVER_CHARGE * 1e6:.0f} μV/K")

# %% Figure
fig, axes = plt.subplots(2, 2, figsize=(11, 8), layout="constrained")
ax = axes[0, 0]
for s in range(3):
    ax.plot(energies, g_metal[s], lw=1, label=f"metal, seed {s}")
ax.plot(loc_energies, 10 * g_loc[0], lw=1, color="k", label="localized × 10, seed 0")
ax.axvline(mu, color="gray", ls=":")
half90 = 2 * np.arctanh(0.9)  # int_{-x}^{x} (-f') = tanh(x/2)
ax.axvspan(mu - half90 * kt_contrast, mu + half90 * kt_contrast, color="gray", alpha=0.15,
           label=f"±{half90:.2f} k_BT (90 % of the window), k_BT = {kt_contrast}t")
ax.set_xlabel("E (t)")
ax.set_ylabel("T(E) = g (e²/h)")
ax.set_title(f"Transmissions (metal E_T = {e_thouless:.4f}t)", fontsize=9)
ax.legend(fontsize=7)

ax = axes[0, 1]
for s in range(min(4, g_metal.shape[0])):
    line, = ax.loglog(temperatures, np.abs(lorenz[:, s] - 1), "o", ms=4)
    ax.loglog(temperatures, np.abs(sommerfeld[:, s] - 1), "-", color=line.get_color(), lw=1)
ax.loglog(temperatures, rms, "ks-", label=f"rms over samples, slope {slope:.2f}")
ax.loglog(temperatures, np.exp(intercept) * temperatures**2, "k:", label="∝ (k_BT)²")
loc_points = [np.sqrt(np.mean((thermal.thermoelectric(
    g_loc, mu, kt, energies=loc_energies, tail_tolerance=1e-4).lorenz_ratio - 1) ** 2))
    for kt in temperatures]
ax.loglog(temperatures, loc_points, "r^-", label="localized: rms")
ax.axvline(e_thouless, color="gray", ls="--", lw=1, label="E_T")
ax.xaxis.set_minor_formatter(plt.NullFormatter())
ax.set_xlabel("k_BT (t)")
ax.set_ylabel("|L/L0 − 1|")
ax.set_title("Wiedemann-Franz: metal (points: exact, lines: Sommerfeld)", fontsize=9)
ax.legend(fontsize=7)

ax = axes[1, 0]
lim = np.max(np.abs(s_mott)) * 1.1
ax.plot(s_mott, s_exact, "o")
ax.plot([-lim, lim], [-lim, lim], "k-", lw=1, label="S = S_Mott")
ax.set_xlabel("Mott S (k_B/e)")
ax.set_ylabel("exact S = −L_1/(T L_0) (k_B/e)")
ax.set_title(f"Metal thermopower at k_BT = {kt_check:.4f}t: rms deviation "
             f"{100 * mott_error:.2f} %", fontsize=9)
ax.legend(fontsize=8)

ax = axes[1, 1]
ax.hist(loc.lorenz_ratio, bins=np.linspace(0, 3, 31), alpha=0.7,
        label=f"localized, k_BT = {kt_contrast}t ({np.sum(loc.lorenz_ratio > 3)} beyond 3)")
ax.axvline(1, color="k", label="Wiedemann-Franz")
ax.axvline(exact_lorenz, color="C3", ls="--",
           label=f"band-edge step: 1 − 12 ln²2/π² (Kwant: {edge.lorenz_ratio:.4f})")
ax.set_xlabel("L/L0")
ax.set_ylabel("samples")
ax.set_title("Violations: resonances and the band edge", fontsize=9)
ax.legend(fontsize=7)
checks.save_figure(fig)
checks.save()
