"""Zero-bias anomaly: Hartree-Fock tunneling density of states of disordered films
==============================================================================

Interactions carve a dip into the tunneling density of states (DOS) at the
Fermi energy of a disordered conductor: logarithmic in 2D in the diffusive
regime (Altshuler & Aronov 1979; Altshuler, Aronov & Lee PRL 44, 1288
(1980); THEORY §9, prefactor ~1/g, not pinned down [M]) and a Coulomb gap
nu(E) ~ |E - E_F|^(d-1) in the localized regime (Efros & Shklovskii, J. Phys.
C 8, L49 (1975): nu(E) <= (2/pi)|E|/V0^2 per site in 2D).

Closed 12 x 12 films (hard walls; 20 x 20 in the full run) of the Anderson
model (box disorder W) with a Hubbard U and a Coulomb tail V(r) = V0/r
between distinct sites, U = 2 V0 (ES panel) or U = V0, solved in
unrestricted Hartree-Fock with full exchange of the long-range part
(`physics.hartree_fock`, zero temperature, optimal damping), a quarter
filled band (0.25 electrons per spin-orbital).  The DOS is the average over
realizations of the mean-field levels measured from each sample's Fermi
energy, broadened by Lorentzians of half width 0.1 t (0.05 t for the Coulomb
gap); error bars are standard errors over realizations.

Verdicts.  (a) Coulomb gap: deep in the localized regime (W = 12, V0 = 2) the
power alpha of nu ~ |E - E_F|^alpha, fitted by maximum likelihood to the
unbroadened levels with 2 V0/L < |E - E_F| < E_CG, E_CG = pi nu_bg V0^2/2
(where the ES line meets the measured background DOS nu_bg), is d - 1 = 1
within 0.25 (the spread between reasonable windows) combined with 2 standard
errors.  (b) The dip depth 1 - nu(E_F)/nu_ref (nu_ref: mean over 1 < |E -
E_F| < 2) grows with V0 at W = 4, each step by more than 3 standard errors,
and a dip is present at every disorder.  (c) Without interactions the
aligned DOS is flat across E_F: depth 0 within 3 errors + 0.03 (the
alignment on the midpoint between highest occupied and lowest empty level
removes a level-free gap of about one level spacing, ~0.03 t).  (d) A
uniform shift c of H0 shifts every level and E_F by c: the aligned DOS is
unchanged to 1e-10, while the unaligned one moves (the Hartree shift of the
interactions is such an unobservable uniform shift; the middle panel shows
it removed by the alignment).

What is not claimed: the depth at a fixed broadening does not grow with
disorder in these small samples.  Hartree-Fock with unscreened exchange
already has a dip in a clean finite sample (the exchange singularity at the
Fermi surface plus the charging energy of a closed box), which the weak
1/g Altshuler-Aronov enhancement does not visibly add to, while in the
localized regime the Coulomb gap narrows as the bare DOS ~1/W falls
(E_CG ~ nu V0^2).  The depths are shown versus W with error bars.  The
logarithm of the diffusive regime is fitted (delta nu / nu = A ln|E| + B
against the non-interacting DOS of the same samples, 0.15 < |E| < 2):
only the sign of A (a dip) is a verdict; Hartree-Fock of an unscreened 1/r
gives a stronger-than-logarithmic first-order exchange correction in 2D, so
the logarithm is a description, not a test.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits

import devices
from physics import hartree_fock as hf, tunneling_dos as td

from _common import Checks, pick

threadpool_limits(1)  # the page must run on one core; small eigh calls are faster serial
checks = Checks("zero_bias_anomaly")
size = pick(12, 20)
sample = devices.ClosedSample(devices.Film(width=size, length=size))
filling = 0.25
width = 0.1
reference = (1.0, 2.0)
n_seeds = pick(8, 40)
n_seeds_es = pick(16, 60)


def solve(disorder, seed, coulomb=0.0, U=0.0, shift=0.0):
    params = dict(disorder=disorder, seed=seed)
    if shift:
        h0 = sample.hamiltonian(**params) + shift * np.eye(sample.n_sites)
        return hf.hartree_fock(h0, sample.positions, U=U, coulomb=coulomb, filling=filling,
                               mixing="oda", tolerance=1e-6)
    return hf.hartree_fock_sample(sample, params=params, U=U, coulomb=coulomb, filling=filling,
                                  mixing="oda", tolerance=1e-6)


energies = np.linspace(-3, 3, 241)

# %% Interaction strength at W = 4 (U = V0)
coulombs = [0.0, 0.5, 1.0, 2.0]
w_fixed = 4.0
by_coulomb = {v0: [solve(w_fixed, k, v0, v0) for k in range(n_seeds)] for v0 in coulombs}
depth_v = {v0: td.dip_depth(r, width, reference) for v0, r in by_coulomb.items()}
for low, high in zip(coulombs[:-1], coulombs[1:]):
    (d1, e1), (d2, e2) = depth_v[low], depth_v[high]
    checks.add_bound(f"(b) dip deepens with V0: depth(V0={high:g}) - depth(V0={low:g}), W = 4",
                     d2 - d1, np.hypot(e1, e2), lower=0.0, sigmas=3)
d0, e0 = depth_v[0.0]
checks.add("(c) no interactions: depth of the aligned DOS at E_F, W = 4", d0, e0, 0.0,
           3 * e0 + 0.03)

# Altshuler-Aronov-like logarithm, against the non-interacting DOS of the same samples.
fit_e = np.concatenate([-np.geomspace(2, 0.15, 12), np.geomspace(0.15, 2, 12)])
nu0 = td.tunneling_dos(by_coulomb[0.0], fit_e, width)[0]
rows = np.array([td.broadened_dos(r.levels - r.fermi_energy, fit_e, width, sites=sample.n_sites)
                 for r in by_coulomb[1.0]])
ratio = rows.mean(axis=0) / nu0 - 1
ratio_err = rows.std(axis=0, ddof=1) / np.sqrt(len(rows)) / nu0
design = np.c_[np.log(np.abs(fit_e)), np.ones_like(fit_e)]
coef, *_ = np.linalg.lstsq(design / ratio_err[:, None], ratio / ratio_err, rcond=None)
cov = np.linalg.inv((design / ratio_err[:, None]).T @ (design / ratio_err[:, None]))
chi2 = np.sum(((design @ coef - ratio) / ratio_err)**2) / (len(fit_e) - 2)
cov *= max(chi2, 1.0)
checks.add_bound("(b) Altshuler-Aronov form: A in delta nu/nu = A ln|E| + B (V0 = 1, W = 4)",
                 coef[0], np.sqrt(cov[0, 0]), lower=0.0, sigmas=3,
                 note=f"fitted A = {coef[0]:.3f}, reduced chi^2 = {chi2:.2f}; sign only")

# %% Disorder at V0 = U = 1
disorders = pick([2.0, 4.0, 8.0, 12.0], [2.0, 3.0, 4.0, 6.0, 8.0, 12.0])
by_disorder = {w: (by_coulomb[1.0] if w == w_fixed else
                   [solve(w, k, 1.0, 1.0) for k in range(n_seeds)]) for w in disorders}
depth_w = {w: td.dip_depth(r, width, reference) for w, r in by_disorder.items()}
for w, (d, e) in depth_w.items():
    checks.add_bound(f"(b) a dip is present at W = {w:g} (V0 = U = 1)", d, e, lower=0.0, sigmas=3)

# %% Coulomb gap in the localized regime
w_es, v_es = 12.0, 2.0
es = [solve(w_es, k, v_es, 2 * v_es) for k in range(n_seeds_es)]
levels_es = np.concatenate([r.levels - r.fermi_energy for r in es])
background = td.tunneling_dos(es, np.r_[-np.linspace(1.5, 3, 16), np.linspace(1.5, 3, 16)],
                              0.05)[0].mean()
e_cg = np.pi * background * v_es**2 / 2
window = (2 * v_es / size, e_cg)
alpha, alpha_err, count = td.power_law_exponent(levels_es, window)
checks.add(f"(a) Coulomb gap exponent alpha, nu ~ |E|^alpha, W = 12, V0 = 2 (d - 1 = 1)", alpha,
           alpha_err, 1.0, np.hypot(0.25, 2 * alpha_err),
           note=f"{count} levels in {window[0]:.2f} < |E - E_F| < {window[1]:.2f} t")

# %% Uniform shift invariance
shift = 0.7
base = solve(w_fixed, 0, 1.0, 1.0)
moved = solve(w_fixed, 0, 1.0, 1.0, shift=shift)
aligned = [td.tunneling_dos([r], energies, width)[0] for r in (base, moved)]
unaligned = [td.tunneling_dos([r], energies + 4.0, width, align=False)[0] for r in (base, moved)]
checks.add("(d) aligned DOS unchanged by a uniform shift 0.7 t of H0: max difference",
           np.abs(aligned[0] - aligned[1]).max(), 0.0, 0.0, 1e-10, unit="1/t")
checks.add("(d) E_F moves with the shift: E_F(H0 + 0.7) - E_F(H0)",
           moved.fermi_energy - base.fermi_energy, 0.0, shift, 1e-10, unit="t")

# %% Figure
fig, axes = plt.subplots(2, 3, figsize=(16, 8.4), layout="constrained")
ax = axes[0, 0]
for v0 in coulombs:
    mean, err = td.tunneling_dos(by_coulomb[v0], energies, width)
    ax.plot(energies, mean, label=f"V0 = U = {v0:g}: depth {depth_v[v0][0]:.2f}")
    ax.fill_between(energies, mean - err, mean + err, alpha=0.25)
ax.set_xlabel("E - E_F (t)")
ax.set_ylabel("DOS per site (1/t)")
ax.set_title(f"W = {w_fixed:g}: the dip deepens with the interaction", fontsize=10)
ax.legend(fontsize=8)

ax = axes[0, 1]
for w in disorders:
    mean, err = td.tunneling_dos(by_disorder[w], energies, width)
    ax.plot(energies, mean, label=f"W = {w:g}: depth {depth_w[w][0]:.2f} ± {depth_w[w][1]:.2f}")
ax.set_xlabel("E - E_F (t)")
ax.set_ylabel("DOS per site (1/t)")
ax.set_title("V0 = U = 1: dip at every disorder (depth not monotonic in W)", fontsize=10)
ax.legend(fontsize=8)

ax = axes[1, 0]
e_plot = np.linspace(-3, 3, 241)
mean, err = td.tunneling_dos(es, e_plot, 0.05)
ax.plot(e_plot, mean, color="C3", label=f"HF, W = {w_es:g}, V0 = {v_es:g}, U = {2 * v_es:g}")
ax.fill_between(e_plot, mean - err, mean + err, color="C3", alpha=0.25)
ax.plot(e_plot, td.efros_shklovskii_dos(e_plot, v_es), "k--", label="ES bound (2/π)|E|/V0²")
ax.axvspan(*window, color="0.85", label=f"fit window: α = {alpha:.2f} ± {alpha_err:.2f}")
ax.axvspan(-window[1], -window[0], color="0.85")
ax.set_ylim(0, 1.6 * background)
ax.set_xlabel("E - E_F (t)")
ax.set_ylabel("DOS per site (1/t)")
ax.set_title("Localized regime: linear Coulomb gap (Efros-Shklovskii)", fontsize=10)
ax.legend(fontsize=8)

ax = axes[1, 1]
pos = fit_e > 0
ax.errorbar(fit_e[pos], ratio[pos], ratio_err[pos], fmt="o", ms=3, label="E > E_F")
ax.errorbar(-fit_e[~pos], ratio[~pos], ratio_err[~pos], fmt="s", ms=3, label="E < E_F")
grid = np.geomspace(0.15, 2, 50)
ax.plot(grid, td.altshuler_aronov_log(grid, coef[0], np.exp(-coef[1] / coef[0])), "k--",
        label=f"A ln|E| + B, A = {coef[0]:.2f}")
ax.set_xscale("log")
ax.xaxis.set_minor_formatter(plt.NullFormatter())
ax.set_xlabel("|E - E_F| (t)")
ax.set_ylabel("ν(V0 = 1)/ν(V0 = 0) - 1")
ax.set_title("W = 4: relative dip against ln|E| (prefactor fitted)", fontsize=10)
ax.legend(fontsize=8)

ax = axes[0, 2]
band = energies + 4.0
for v0, style in ((0.0, "-"), (2.0, "-")):
    mean = td.tunneling_dos(by_coulomb[v0], band, width, align=False)[0]
    e_f = np.mean([r.fermi_energy for r in by_coulomb[v0]])
    line, = ax.plot(band, mean, style, label=f"V0 = U = {v0:g}, unaligned (mean E_F = {e_f:.2f})")
    ax.axvline(e_f, color=line.get_color(), ls=":")
ax.plot(band, unaligned[1], color="C2", lw=1,
        label=f"one sample, H0 + {shift} (V0 = U = 1)")
ax.plot(band, unaligned[0], color="C3", lw=1, label="same sample, H0")
ax.set_xlabel("E from the band bottom (t)")
ax.set_ylabel("DOS per site (1/t)")
ax.set_title("Unaligned: a uniform shift of H0 moves E_F with the levels", fontsize=10)
ax.legend(fontsize=7)

ax = axes[1, 2]
ax.plot(energies, aligned[0], color="C3", lw=2, label="H0, aligned at E_F")
ax.plot(energies, aligned[1], "k--", lw=1, label=f"H0 + {shift}, aligned at E_F")
ax.set_xlabel("E - E_F (t)")
ax.set_ylabel("DOS per site (1/t)")
ax.set_title(f"Aligned: identical (max difference {np.abs(aligned[0] - aligned[1]).max():.1e})",
             fontsize=10)
ax.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
