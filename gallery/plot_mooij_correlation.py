"""The Mooij correlation: the temperature coefficient of resistance changes sign
==============================================================================

Mooij (1973) found that the resistance of disordered metals rises with temperature
when their residual resistivity is low and falls with it when it exceeds a value of
order 150 micro-Ohm cm, close to the Ioffe-Regel limit.  An inelastic process whose
rate grows with T does two things: it relaxes momentum (Matthiessen: a positive,
phonon-like temperature coefficient, TCR, of the same size at any disorder) and it cuts
weak localization off at tau_phi (a negative TCR that grows as the square of the
resistance).  The sign change sits where the two balance
(docs/theory/dephasing.md#the-mooij-correlation).

Here both come from the same Buttiker probes (`physics.dephasing`, a probe on every site,
inelastic rate gamma = 2 eta / hbar, isotropic like phonons above ~Theta_D / 5) on 40 x 40
films at E_F = 1 t (13 modes), with the temperature standing for the probe coupling: k_B T
= eta, T and 2T at eta = 0.01 and 0.02 t.  The sheet resistance per spin R_sq = (1/g -
1/N) W / L (contacts removed) is computed for box disorder W = 1.5 ... 6 t (k_F l from 17
down to ~1), and the TCR is ln[R_sq(2T) / R_sq(T)] of the same sample, averaged (the
log keeps the broad resistance distribution of the localized films from dominating).  The theory is the
Drude conductance of the Born approximation with Matthiessen's rule plus the 2D weak
localization cut off at tau_phi = 1 / gamma (`theory.inelastic_film_conductance`).  The
Altshuler-Aronov interaction correction (`theory.interaction_conductivity_correction_2d`,
F = 0) is not in a Landauer simulation; adding it analytically moves the sign change to a
smaller residual resistance (shown and reported).

Checks.  (a) The theory's sheet resistance at W = 2 t (k_F l = 9) at both temperatures,
within 5 % + 2 standard errors (Born corrections O(1/k_F l), the finite film: L_phi ~ 12-17 a
against L = 40 a).  (b) The TCR is positive in the clean limit (W = 1.5 t) and negative in
the most disordered films (W = 6 t), each by 3 standard errors.  (c) The residual sheet
resistance where the TCR changes sign (a weighted parabola through the TCR against the
mean R_sq(T) of the points with 0.2 < R_sq < 1.3; jackknife over samples) agrees with the theory's within 25 % + 2
jackknife errors: the crossing lies at W ~ 3 t where Born and the perturbative weak
localization are at their limits (the theory's R_sq is 10 % high at W = 3 t, 30 % at 3.5 t).

References: J. H. Mooij, Phys. Status Solidi A 17, 521 (1973); P. A. Lee and T. V.
Ramakrishnan, Rev. Mod. Phys. 57, 287 (1985), sec. VI; M. Buttiker, Phys. Rev. B 33, 3020
(1986).
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import scipy.optimize

import devices
from physics import dephasing, theory
from physics.analysis.statistics import jackknife

from _common import Checks, pick

checks = Checks("mooij_correlation")
start = time.time()
size, energy = 40, 1.0
couplings = (0.01, 0.02)  # eta = k_B T at T and 2T
disorders = [1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 6.0]
seeds = range(200, 200 + pick(16, 64))
film = devices.Film(width=size, length=size)
modes = theory.open_channels(energy, size)


def sheet_resistance(disorder, seed):
    """R_sq (h/e^2 per spin) at T and 2T of one sample, contacts removed."""
    return [1 / dephasing.dephased_conductance(film, energy, eta, disorder=disorder, seed=seed)
            - 1 / modes for eta in couplings]


data = {w: np.array([sheet_resistance(w, seed) for seed in seeds]) for w in disorders}
print(f"Landauer with probes: {time.time() - start:.1f} s")


def theory_resistance(disorder, interactions=False):
    """R_sq at T and 2T: Born Drude + Matthiessen + weak localization (+ AA)."""
    tau = 1 / theory.born_scattering_rate_2d(energy, disorder)
    sigma = theory.inelastic_film_conductance(theory.drude_sheet_conductance(energy, disorder),
                                              tau, 2 * np.array(couplings))
    if interactions:
        sigma = sigma + theory.interaction_conductivity_correction_2d(np.array(couplings), tau)
    return 1 / sigma


def mean_error(values):
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(len(values))


mean, error = mean_error(data[2.0])
for k, label in enumerate(("T", "2T")):
    predicted = theory_resistance(2.0)[k]
    checks.add(f"(a) R_sq at W = 2 t, {label}", mean[k], error[k], predicted,
               0.05 * predicted + 2 * error[k], unit="h/e^2",
               note="Born Drude + Matthiessen + 2D weak localization")
def relative_tcr(samples):
    """ln[R_sq(2T) / R_sq(T)] per sample: the TCR per doubling of T, paired by sample."""
    return np.log(samples[:, 1] / samples[:, 0])


for w, sign in ((1.5, 1), (6.0, -1)):
    tcr, tcr_error = mean_error(relative_tcr(data[w]))
    bound = dict(lower=0.0) if sign > 0 else dict(upper=0.0)
    checks.add_bound(f"(b) TCR: <ln[R_sq(2T) / R_sq(T)]>, W = {w:g} t", tcr, tcr_error,
                     note="metallic (phonon-like)" if sign > 0 else "insulating-like (WL)",
                     **bound)


def simulated_crossing(*samples):
    """R_sq(T) where a weighted parabola through the TCR against R_sq(T) crosses zero
    (the points with 0.2 < R_sq < 1.3 h/e^2)."""
    resistance = np.array([s[:, 0].mean() for s in samples])
    stats = [mean_error(relative_tcr(s)) for s in samples]
    tcr, tcr_error = np.array(stats).T
    use = (resistance > 0.2) & (resistance < 1.3)
    fit = np.polynomial.Polynomial.fit(resistance[use], tcr[use], 2, w=1 / tcr_error[use])
    roots = [z.real for z in fit.roots() if abs(z.imag) < 1e-12 and 0.2 < z.real < 1.3]
    return min(roots) if roots else np.nan


mooij, mooij_error = jackknife(simulated_crossing, *[data[w] for w in disorders])


def theory_crossing(interactions=False):
    tcr = lambda w: np.diff(np.log(theory_resistance(w, interactions)))[0]
    disorder = scipy.optimize.brentq(tcr, 1.5, 3.5)
    return disorder, theory_resistance(disorder, interactions)[0]


w_mooij, r_mooij = theory_crossing()
checks.add("(c) residual R_sq at the TCR sign change", mooij, mooij_error, r_mooij,
           0.25 * r_mooij + 2 * mooij_error, unit="h/e^2",
           note=f"theory: W = {w_mooij:.2f} t, k_F l = "
                f"{2 * theory.drude_sheet_conductance(energy, w_mooij):.1f}")
# The perturbative AA term is added where it is smaller than the conductance (W <= 3.5 t).
aa_disorders = [w for w in disorders if w <= 3.5]
with_aa = {w: 1 / (1 / data[w] + theory.interaction_conductivity_correction_2d(
    np.array(couplings), 1 / theory.born_scattering_rate_2d(energy, w))) for w in aa_disorders}
w_aa, r_aa = theory_crossing(interactions=True)
mooij_aa, mooij_aa_error = jackknife(simulated_crossing, *[with_aa[w] for w in aa_disorders])
checks.report("with the Altshuler-Aronov term: residual R_sq at the sign change", mooij_aa,
              mooij_aa_error, r_aa, unit="h/e^2",
              note=f"lower than without it; theory W = {w_aa:.2f} t")
print(f"total: {time.time() - start:.1f} s")

# %% Figure.
fig, axes = plt.subplots(1, 2, figsize=(11.5, 4.5), layout="constrained")
ax = axes[0]
fine = np.linspace(1.3, 3.4, 60)
curves = np.array([theory_resistance(w) for w in fine])
for k, (label, color) in enumerate((("T", "C0"), ("2T", "C3"))):
    mean_r = [mean_error(data[w])[0][k] for w in disorders]
    err_r = [mean_error(data[w])[1][k] for w in disorders]
    ax.errorbar(disorders, mean_r, err_r, fmt="o", color=color, ms=4,
                label=f"probes, k_B T = eta = {couplings[k]:g} t" if k == 0 else
                f"2T: eta = {couplings[k]:g} t")
    ax.plot(fine, curves[:, k], "-", color=color, lw=1)
ax.set_yscale("log")
ax.set_xlabel("box disorder W (t)")
ax.set_ylabel("sheet resistance per spin (h/e^2)")
ax.set_title(f"{size} x {size} films, E_F = {energy:g} t; lines: Born + Matthiessen + WL",
             fontsize=10)
ax.legend(fontsize=8)

ax = axes[1]
for source, label, color in ((data, "simulation", "k"), (with_aa, "simulation + AA term", "C2")):
    resistance = [source[w][:, 0].mean() for w in source]
    tcr, tcr_err = np.array([mean_error(relative_tcr(source[w])) for w in source]).T
    ax.errorbar(resistance, tcr, tcr_err, fmt="o", color=color, ms=4, label=label)
fine_r = np.array([theory_resistance(w) for w in fine])
fine_aa = np.array([theory_resistance(w, interactions=True) for w in fine])
ax.plot(fine_r[:, 0], np.diff(np.log(fine_r), axis=1)[:, 0], "k-", lw=1, label="theory")
ax.plot(fine_aa[:, 0], np.diff(np.log(fine_aa), axis=1)[:, 0], "C2-", lw=1, label="theory + AA")
ax.axhline(0, color="0.6", lw=0.8)
ax.axvline(mooij, color="k", ls=":", lw=1)
ax.set_xscale("log")
ax.set_ylim(-0.3, 0.2)
ax.set_xlabel("residual sheet resistance R_sq(T) (h/e^2 per spin)")
ax.set_ylabel("ln[R(2T) / R(T)]")
ax.set_title(f"TCR changes sign at R_sq = {mooij:.2f} ± {mooij_error:.2f} h/e^2 "
             f"(theory {r_mooij:.2f})", fontsize=10)
ax.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
