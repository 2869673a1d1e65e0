"""Hall bar: Onsager-Casimir reciprocity and the classical Hall slope
=====================================================================

A disordered six-terminal Hall bar (current 0 -> 3; R_xx = V_1 - V_2,
R_xy = V_5 - V_1 per unit current, h/e^2) in a weak field, over +B and -B.

1. **Reciprocity.** Onsager-Casimir gives ``T_pq(B) = T_qp(-B)`` and hence
   ``R_{mn,kl}(B) = R_{kl,mn}(-B)`` (current m -> n, voltage k - l; Buttiker
   1986, docs/theory/multiterminal.md#onsager-casimir-reciprocity):
   exchanging current and voltage contacts *and* reversing
   B.  It holds for every sample, checked to 1e-10.  It does **not** make a
   single sample's R_xx even or R_xy odd in B: that needs a mirror symmetry of
   the sample (x -> -x maps R_xx(B) to R_xx(-B), y -> -y maps R_xy(B) to
   -R_xy(-B)), which a disorder realization breaks.  A clean bar, which has
   both mirrors, is even/odd to 1e-10; a disordered sample is not (measured
   below: its odd part of R_xx and even part of R_xy are mesoscopic
   fluctuations of order (h/e^2) R_sq^2 delta g); the *ensemble* is mirror
   symmetric, so the seed average of the even part of R_xy and of the odd
   part of R_xx vanish within errors (3 standard errors).
2. **Classical Hall slope.** In the diffusive regime R_xy = B/(n e), i.e. in
   lattice units ``R_xy[h/e^2] = R_H phi`` with ``R_H = 1/n`` for a parabolic
   band, n electrons per site (spinless;
   docs/theory/multiterminal.md#classical-hall-coefficient).  Weak localization does
   not change R_H (Fukuyama 1980).  Two corrections are computed
   (physics.magnetotransport): the lattice band (Boltzmann R_H of the cosine
   band, isotropic tau: -0.7 % at E = 1 t) and the disorder's shift of the
   band: the Born self-energy ``Re Sigma = (W^2/12) Re G_0(E)`` pulls states
   down, so at fixed E the sample holds ``n_clean(E - Re Sigma)`` electrons
   (+17 % here), which a state count of closed disordered boxes confirms
   (checked).  The theory is ``R_H(E - Re Sigma)``; the naive clean-lattice
   ``1/n(E)`` is shown for comparison.  The slope is fitted through the origin
   to the seed average of the odd part of R_xy; fields keep omega_c tau <= 0.4
   and hbar omega_c below the level broadening hbar/tau (no Shubnikov-de Haas
   oscillations, amplitude ~ exp(-pi/omega_c tau) < 1 %).  Tolerance: 3
   standard errors plus 5 % systematics: the ideal current leads short the Hall
   field near them (at most (8/pi^2) exp(-pi x/W) = 3.5 % for probes x = W from
   the contacts, for equipotential contacts) and corrections beyond Born
   (the state count agrees with the Born density to ~1 %).

References: Onsager, Phys. Rev. 38, 2265 (1931); Casimir, RMP 17, 343 (1945);
Buttiker, PRL 57, 1761 (1986) and IBM J. Res. Dev. 32, 317 (1988); Fukuyama,
J. Phys. Soc. Jpn. 49, 644 (1980); Ziman, Principles of the Theory of Solids, §7.5.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from devices.assembly import HamiltonianAssembler
from physics import magnetotransport, theory

from _common import Checks, pick

checks = Checks("hall_bar_onsager")
start = time.perf_counter()

width, length, arm = 32, 128, 12
energy, disorder = 1.0, 2.5
n_seeds = pick(48, 300)
fields = np.array([0.003, 0.006, 0.009, 0.012])
grid = np.concatenate([-fields[::-1], [0.0], fields])
bar = devices.HallBar(width=width, length=length, arm_width=arm)

# Numbers that set the regime (Born approximation, docs/theory/drude.md#continuum-limit).
sigma = theory.born_self_energy_2d(energy, disorder)
k_fermi = np.sqrt(energy - sigma.real)
l_tr = 2 / np.pi * 48 / disorder**2 * k_fermi          # l = 48 (t/W)^2 k a^2, l_tr = 2l/pi
omega_c_tau = 4 * np.pi * fields.max() * l_tr / (2 * k_fermi)   # omega_c = 4 pi phi, v = 2k
print(f"Re Sigma = {sigma.real:.3f} t, hbar/tau = {-2 * sigma.imag:.3f} t, l_tr ~ {l_tr:.1f} a "
      f"(bar {width}, arms {arm}), omega_c tau <= {omega_c_tau:.2f}, "
      f"hbar omega_c <= {4 * np.pi * fields.max():.3f} t")

# %% Transport: conductance matrices of every seed at every field
ds = physics.ensemble(bar, energy=energy, seeds=range(n_seeds), sweep={"phi": grid},
                      disorder=disorder, observables=("conductance_matrix",), executor="serial")
G = ds.conductance_matrix.values                       # (seed, phi, lead_out, lead_in)
r4 = physics.four_terminal_resistance
R = np.array([[physics.hall_resistances(G[s, i]) for i in range(grid.size)]
              for s in range(n_seeds)])
r_xx, r_xy = R[..., 0], R[..., 1]
print(f"transport: {time.perf_counter() - start:.1f} s")

# %% 1. Reciprocity and the (non-)symmetry of single samples
configurations = [(0, 3, 1, 2), (0, 3, 5, 1), (0, 3, 4, 2), (1, 4, 2, 5), (0, 2, 5, 3)]
reciprocity = max(abs(r4(G[s, i], m, n, k, l) - r4(G[s, -1 - i], k, l, m, n))
                  for s in range(n_seeds) for i in range(grid.size)
                  for m, n, k, l in configurations)
checks.add("max |R_mn,kl(B) - R_kl,mn(-B)|, all seeds, fields, 5 configurations",
           reciprocity, 0, 0, 1e-10, "h/e²")
clean = [physics.hall_resistances(physics.conductance_matrix(bar, energy, phi=p))
         for p in (fields[-1], -fields[-1])]
checks.add("clean bar (both mirrors): |R_xx(B) - R_xx(-B)| + |R_xy(B) + R_xy(-B)|",
           abs(clean[0][0] - clean[1][0]) + abs(clean[0][1] + clean[1][1]), 0, 0, 1e-10, "h/e²")

positive = slice(grid.size // 2 + 1, None)
negative = slice(grid.size // 2 - 1, None, -1)         # -phi in the order of +phi
xx_even, xx_odd = magnetotransport.field_parts(r_xx[:, positive], r_xx[:, negative])
xy_even, xy_odd = magnetotransport.field_parts(r_xy[:, positive], r_xy[:, negative])
single_xx = np.sqrt(np.mean(xx_odd**2)) / np.mean(np.abs(xx_even))
single_xy = np.sqrt(np.mean(xy_even**2)) / np.mean(np.abs(xy_odd[:, -1]))
print(f"single samples: rms odd part of R_xx = {np.sqrt(np.mean(xx_odd**2)):.3f} "
      f"({100 * single_xx:.0f} % of R_xx); rms even part of R_xy = "
      f"{np.sqrt(np.mean(xy_even**2)):.3f} ({100 * single_xy:.0f} % of the Hall signal at "
      f"phi = {fields[-1]})")
checks.add_bound("single sample: rms even part of R_xy (not odd by itself)",
                 np.sqrt(np.mean(xy_even**2)), 0.0, lower=1e-3, unit="h/e²",
                 note=f"{100 * single_xy:.0f} % of the Hall signal at the largest field")


def seed_mean(values):
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(values.shape[0])


for name, values in (("<even part of R_xy>", xy_even), ("<odd part of R_xx>", xx_odd)):
    mean, error = seed_mean(values)
    worst = np.argmax(np.abs(mean) / error)
    checks.add(f"ensemble: {name} at phi = {fields[worst]} (largest in units of its error)",
               mean[worst], error[worst], 0.0, 3 * error[worst], "h/e²",
               note="the disorder ensemble has both mirror symmetries")

# %% 2. Classical Hall slope
hall_mean, hall_error = seed_mean(xy_odd)
fit = magnetotransport.hall_slope(fields, hall_mean, hall_error)
n_clean = theory.electron_density_2d(energy)
n_born = theory.electron_density_2d(energy - sigma.real)
slope_theory = theory.hall_coefficient_2d(energy - sigma.real)
print(f"slope {fit['slope']:.2f} ± {fit['error']:.2f} (chi2/dof {fit['chi2']:.2f}); "
      f"R_H(E - Re Sigma) = {slope_theory:.2f}, 1/n_born = {1 / n_born:.2f}, "
      f"naive 1/n_clean(E) = {1 / n_clean:.2f}")
checks.add("Hall slope dR_xy/dphi = R_H(E - Re Sigma)", fit["slope"], fit["error"], slope_theory,
           3 * fit["error"] + 0.05 * slope_theory, "h/e² per h/e",
           note=f"naive clean 1/n(E) = {1 / n_clean:.2f} is "
                f"{(1 / n_clean - fit['slope']) / fit['error']:.1f} errors away; "
                f"chi2/dof = {fit['chi2']:.2f}")

# The density behind it: count the states below E of closed disordered boxes
# (Sylvester inertia) against the same clean box; boundary terms cancel in the ratio.
box = devices.Wire(width=40, length=40)
assembler = HamiltonianAssembler(box)
n_boxes = pick(3, 10)
counts = np.array([theory.states_below(
    assembler.matrix(box.solve_params(disorder=disorder, seed=10**7 + s)), energy)
    for s in range(n_boxes)])
clean_count = theory.states_below(assembler.matrix(box.solve_params()), energy)
count_ratio = counts.mean() / clean_count
count_error = counts.std(ddof=1) / np.sqrt(n_boxes) / clean_count
checks.add("n(disordered)/n(clean), state count of 40x40 boxes vs Born shift", count_ratio,
           count_error, n_born / n_clean, 3 * count_error + 0.02,
           note="0.02: granularity of the clean count (one level in ~130) and beyond-Born terms")
print(f"total: {time.perf_counter() - start:.1f} s")

# %% Figure
fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), layout="constrained")
ax_xx, ax_xy, ax_parts = axes
for s in range(min(n_seeds, 5)):
    ax_xx.plot(grid * 1e3, r_xx[s], "o-", ms=3, lw=0.8, label=f"seed {s}")
    ax_xy.plot(grid * 1e3, r_xy[s], "o-", ms=3, lw=0.8)
mean_xx, err_xx = seed_mean(r_xx)
ax_xx.errorbar(grid * 1e3, mean_xx, err_xx, fmt="ks-", lw=1.5, label=f"mean of {n_seeds}")
ax_xx.set_xlabel("φ (10⁻³ h/e per plaquette)")
ax_xx.set_ylabel("R_xx = V₁ − V₂  (h/e²)")
ax_xx.set_title("R_xx: single samples are not even in B", fontsize=10)
ax_xx.legend(fontsize=7)
mean_xy, err_xy = seed_mean(r_xy)
ax_xy.errorbar(grid * 1e3, mean_xy, err_xy, fmt="ks-", lw=1.5, label=f"mean of {n_seeds}")
line = np.linspace(grid.min(), grid.max(), 50)
ax_xy.plot(line * 1e3, slope_theory * line, "C3--", label=f"R_H(E − ReΣ) φ: {slope_theory:.1f} φ")
ax_xy.plot(line * 1e3, line / n_clean, "C7:", label=f"naive φ/n_clean(E): {1 / n_clean:.1f} φ")
ax_xy.set_xlabel("φ (10⁻³ h/e per plaquette)")
ax_xy.set_ylabel("R_xy = V₅ − V₁  (h/e²)")
ax_xy.set_title(f"R_xy: fitted slope {fit['slope']:.1f} ± {fit['error']:.1f}", fontsize=10)
ax_xy.legend(fontsize=7)
for values, label, color in ((xx_odd, "odd part of R_xx", "C0"),
                             (xy_even, "even part of R_xy", "C1")):
    mean, error = seed_mean(values)
    rms = np.sqrt(np.mean(values**2, axis=0))
    ax_parts.plot(fields * 1e3, rms, "o--", color=color, label=f"{label}: rms over samples")
    ax_parts.errorbar(fields * 1e3, mean, error, fmt="s-", color=color,
                      label=f"{label}: ensemble mean")
ax_parts.axhline(0, color="k", lw=0.6)
ax_parts.set_xlabel("φ (10⁻³ h/e per plaquette)")
ax_parts.set_ylabel("h/e²")
ax_parts.set_title("Mirror-symmetry violations: single sample vs average", fontsize=10)
ax_parts.legend(fontsize=7)
fig.suptitle(f"Disordered Hall bar {length}×{width}, arms {arm}, E = {energy} t, W = {disorder} t "
             f"(reciprocity R_mn,kl(B) = R_kl,mn(−B) holds to {reciprocity:.0e})", fontsize=10)
checks.save_figure(fig)
checks.save()
