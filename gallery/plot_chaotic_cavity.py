"""Chaotic cavity: random-matrix conductance, weak localization and its Lorentzian
=================================================================================

A quantum dot whose interior is chaotic and that is connected to two ideal
leads of N1 and N2 channels has a scattering matrix distributed as a circular
ensemble: orthogonal (beta = 1) with time reversal, unitary (beta = 2) without.
Random-matrix theory (Baranger and Mello, PRL 73, 142 (1994); Jalabert,
Pichard and Beenakker, EPL 27, 255 (1994)) then gives <g> = N1 N2 / (N1 + N2 - 1
+ 2/beta) (`physics.theory.cavity_mean_conductance`), a weak-localization
correction delta g = <g>(beta=2) - <g>(beta=1) = N/(2(2N+1)) for N1 = N2 = N,
and var g = (N1 N2)^2/(n^2 (n^2-1)) for beta = 2 and 2 N1 N2 (N1+1)(N2+1)/(n
(n+1)^2 (n+3)) for beta = 1, n = N1 + N2 (`cavity_conductance_variance`).  All
are universal: nothing depends on the size, shape or disorder of the dot.
A field breaks time reversal over a flux scale Phi_c set by the escape rate:
delta g(Phi) = delta g(0) / (1 + (Phi/Phi_c)^2) (Baranger, Jalabert and Stone,
PRL 70, 3876 (1993)).

Geometry: a 44 x 36 box (square lattice, a = 1, t = 1, hard walls) with weak
Anderson disorder W = 0.9 t at E = 2 t from the band bottom (k_F = pi/2, 18
channels across the box).  Born mean free path l = 74 a in the DMPK convention
(`theory.born_mean_free_path`), transport mean free path l_tr = (2/pi) l = 47 a,
comparable to the box size L = 44 a: quasi-ballistic, the disorder only
randomizes the direction every box crossing or so, which makes the integrable
box chaotic.  Drude sheet conductance g_sq = 36.9 (`theory.drude_sheet_conductance`),
so the internal conductance of the box, g_int = g_sq W/L = 30 ~ k_F l_tr W/(2L),
is much larger than the lead conductances N/2 <= 2.  The leads are 2N rows wide,
which at E = 2 t puts the Fermi energy exactly in the middle of the window with
N open channels (checked with `physics.open_modes`), and both leave through
the left wall, centred at y = 5.5 and y = 22.5 (not mirror images of each
other): no straight line joins two mouths, every direct path needs a bounce
on the far wall (88 a or more, l_tr = 47 a).  Leads on opposite walls, even
offset, see each other; in the exploration (40 x 40, W = 1) the direct
transmission cut delta g to 0.7 of the random-matrix value.

Time reversal: beta = 1 at zero field (real Hamiltonian); beta = 2 with a
uniform field of 3 flux quanta through the box (phi = 3/(44 x 36) per
plaquette), 7 times the measured Phi_c.  Its cyclotron radius, k_F l_m^2 = 132 a,
is 3 times the box, so the classical orbits are only mildly bent.  Random
Peierls phases were rejected: strong enough to break time reversal, they
scatter and add interior resistance (<g> 7-25 % low in the exploration).

Non-universal corrections, of order N/g_int, and their allowance.  (i) The
interior resistance: the current spreads from each mouth of width w = 2N into
the disordered sheet, a spreading resistance R_int = [ln(L/w1) + ln(L/w2)] /
(pi g_sq) = 0.03-0.05 h/e^2 in series with the contact resistance 2/N: it
lowers <g> by the fraction <g> R_int (2.7-5.9 %).  (ii) The mouths are
abrupt, not ideal: a clean junction of the same lead into a strip as wide as
the box (computed on the page) transmits Gamma = 98-99.4 % of the flux.  So
the systematic allowance on <g> is epsilon_N ``|<g>_RMT|`` with epsilon_N = N R_int/2
+ 1 - Gamma = 4.5, 5.3, 6.3, 6.7 % for N = 1..4.  A series resistance
multiplies every interference correction by (g/g_0)^2 ~ 1 - 2 epsilon, so the
allowance on delta g is 2 epsilon_N ``|delta g_RMT|``.  var g gets no allowance.
Measured in the exploration (800 samples per ensemble, seeds 80 000 and up,
not used here): <g> 2.6-5.5 % (beta = 2) and 3.0-4.9 % (beta = 1) below
random-matrix theory, delta g/delta g_RMT = 0.89-0.99 (+-0.07), var g within
+-11 % (1-2 standard errors, no trend).  Weaker disorder makes the box
non-ergodic (40 x 40, W = 0.6: delta g 1.5 times the RMT value); stronger
disorder raises R_int (40 x 40, W = 1.2: <g> 11-13 % low; 44 x 36, W = 1:
4-7.5 % low).

Statistics and tolerances: every (N, beta) ensemble and every field point of
the magnetoconductance has its own seeds (blocks of consecutive seeds starting
at 0, 10^6, 2 10^6, ...; none of them was used to choose the parameters).
Quick mode: 250 samples per ensemble, 70 per field point; full mode: 1600 and
400.  Standard errors: sqrt(var/n) for means and differences of means; for
var g the delete-one jackknife over samples (`physics.statistics.jackknife`:
for N = 1 the distribution of g is far from Gaussian and var sqrt(2/(n-1))
would misstate the error).  Tolerances are 3 standard errors plus the
allowance above.

Magnetoconductance at N = 4: g(Phi) - g(0) per sample, with seeds of its own
for each flux, fitted to delta g(0) [1 - 1/(1 + (Phi/Phi_c)^2)] with
`scipy.optimize.curve_fit`.  The Lorentzian is the ergodic, large-N shape
(the random-matrix crossover, GOE + i alpha x antisymmetric with 160 levels,
sampled for N = 4: Lorentzian within 2 %); the box's crossover is somewhat
sharper (exploration, 120 and 200 samples per point: reduced chi^2 = 2.6
both times with standard errors alone), a non-universal
correction of the same origin as the others.  So each point's error is its
standard error and 2 epsilon_4 = 13 % of the Lorentzian added in quadrature,
the allowance on delta g; the shape check is the reduced chi^2 (1 within 3
sqrt(2/dof)); the chi^2 with standard errors alone is reported.  The amplitude
delta g(0) is checked against delta g_RMT like delta g.  Phi_c is compared,
as a report, with the diffusive estimate Phi_c/Phi_0 = sqrt((N1+N2)/(c
g_sq))/(4 pi): the Cooperon zero mode's field rate D (2e/hbar)^2 <A^2> in the
London gauge, <A^2> = c B^2 A with c = J/(4 A^2) and J the torsion constant
of the rectangle, equals the escape rate (N1+N2) Delta/h.  With l_tr ~ L the
walls cancel part of the enclosed flux (as in clean wires), so the measured
Phi_c lies above it (about twice, in the exploration).  At 3 flux quanta the
remaining correction, (Phi_c/Phi)^2 delta g ~ 0.004, is below the errors.

References: H. U. Baranger and P. A. Mello, PRL 73, 142 (1994); R. A.
Jalabert, J.-L. Pichard and C. W. J. Beenakker, EPL 27, 255 (1994); H. U.
Baranger, R. A. Jalabert and A. D. Stone, PRL 70, 3876 (1993); C. W. J.
Beenakker, RMP 69, 731 (1997).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import curve_fit

import devices
import physics
from physics import theory
from physics.ensembles.executors import process_pool

from _common import Checks, pick

checks = Checks("chaotic_cavity")
energy, disorder = 2.0, 0.9
lx, ly = 44, 36                    # sites along x and y: the box is [0, 43] x [0, 35]
area = lx * ly                     # effective area (hard walls half a site outside)
centers = (5.5, 22.5)              # both leads on the left wall
channels = np.array([1, 2, 3, 4])
flux_unitary = 3.0                 # flux quanta through the box for beta = 2
n_seeds = pick(250, 1600)
n_seeds_field = pick(70, 400)
field_channels = 4
fluxes = np.array(pick([0.15, 0.3, 0.45, 0.6, 0.9, 1.5, 3.0],
                       [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0]))


def cavity(n):
    """The box with two leads of 2n rows (n channels at E = 2t) on its left wall."""
    return devices.ShapedDevice(devices.Polygon.rectangle(0, 0, lx - 1, ly - 1),
                                [devices.Lead("left", center=c, width=2 * n) for c in centers])


# One pool of workers for all 16 ensembles: the workers keep each device's solver between
# calls (a new pool per call costs ~0.5 s of set-up: about 8 s of the quick run).
executor = process_pool()


def seeds(block, n):
    """Independent seeds for every ensemble: block k holds k * 10^6 ... k * 10^6 + n - 1."""
    return range(block * 1_000_000, block * 1_000_000 + n)


# %% Parameters and the non-universal allowance
l_dmpk = theory.born_mean_free_path(energy, disorder, ly)
l_tr = 2 / np.pi * l_dmpk
g_sq = theory.drude_sheet_conductance(energy, disorder)
k_f = np.arccos(1 - energy / 2)
print(f"box {lx} x {ly}, E = {energy} t (k_F = {k_f:.3f}/a, "
      f"{int(theory.open_channels(energy, ly))} channels across), disorder W = {disorder} t: "
      f"l = {l_dmpk:.1f} a (l_tr = {l_tr:.1f} a), g_sq = {g_sq:.1f}, "
      f"g_int = g_sq W/L = {g_sq * ly / lx:.1f}")
epsilon = {}
cavities = {n: cavity(n) for n in channels}
for n in channels:
    modes = [physics.open_modes(cavities[n], energy, lead=k) for k in (0, 1)]
    assert modes == [n, n], f"leads of {2 * n} rows carry {modes} channels, not {n}"
    # Mouth transparency: the same lead opening into a clean strip as wide as the box.
    gamma = np.mean([physics.conductance(devices.ShapedDevice(
        devices.Polygon.rectangle(0, 0, 3, ly - 1),
        [devices.Lead("left", center=c, width=2 * n), devices.Lead("right")]), energy) / n
        for c in centers])
    r_int = 2 * np.log(lx / (2 * n)) / (np.pi * g_sq)      # spreading resistance, h/e^2
    epsilon[n] = theory.cavity_mean_conductance(n, n, 2) * r_int + 1 - gamma
    print(f"N = {n}: mouth transparency {gamma:.4f}, R_int = {r_int:.4f} h/e², "
          f"allowance epsilon = {epsilon[n]:.4f}")

# %% Ensembles: N = 1..4, beta = 1 (B = 0) and beta = 2 (3 flux quanta)
phi_unitary = flux_unitary / area
results = {}
for i, n in enumerate(channels):
    for beta, phi in ((1, 0.0), (2, phi_unitary)):
        g = physics.ensemble(cavities[n], energy=energy, seeds=seeds(2 * i + beta - 1, n_seeds),
                             disorder=disorder, phi=phi, executor=executor).conductance.values
        var, var_error = physics.statistics.jackknife(lambda s: np.var(s, ddof=1), g)
        results[n, beta] = dict(mean=g.mean(), mean_error=g.std(ddof=1) / np.sqrt(g.size),
                                var=float(var), var_error=float(var_error))

for n in channels:
    eps = epsilon[n]
    for beta in (1, 2):
        r = results[n, beta]
        expected = theory.cavity_mean_conductance(n, n, beta)
        checks.add(f"<g>, N = {n}, beta = {beta}", r["mean"], r["mean_error"], expected,
                   3 * r["mean_error"] + eps * expected, "e²/h",
                   note=f"3 sigma + allowance {eps:.3f} <g>")
    dg = results[n, 2]["mean"] - results[n, 1]["mean"]
    dg_error = np.hypot(results[n, 1]["mean_error"], results[n, 2]["mean_error"])
    expected = (theory.cavity_mean_conductance(n, n, 2)
                - theory.cavity_mean_conductance(n, n, 1))
    results[n, "wl"] = (dg, dg_error)
    checks.add(f"delta g = <g>(beta=2) - <g>(beta=1), N = {n}", dg, dg_error, expected,
               3 * dg_error + 2 * eps * expected, "e²/h",
               note=f"3 sigma + allowance {2 * eps:.3f} delta g")
    for beta in (1, 2):
        r = results[n, beta]
        checks.add(f"var g, N = {n}, beta = {beta}", r["var"], r["var_error"],
                   theory.cavity_conductance_variance(n, n, beta), 3 * r["var_error"],
                   "(e²/h)²", note="3 sigma (jackknife)")

# %% Lorentzian magnetoconductance at N = 4
shift, shift_error = [], []
for k, flux in enumerate(fluxes):
    g = physics.ensemble(cavities[field_channels], energy=energy,
                         seeds=seeds(100 + k, n_seeds_field), disorder=disorder,
                         sweep={"phi": [0.0, flux / area]}, executor=executor).conductance.values
    diff = g[:, 1] - g[:, 0]
    shift.append(diff.mean())
    shift_error.append(diff.std(ddof=1) / np.sqrt(diff.size))
shift, shift_error = np.array(shift), np.array(shift_error)
if executor is not None:
    executor.shutdown()


def lorentzian_rise(flux, amplitude, flux_c):
    """g(Phi) - g(0) = delta g(0) [1 - 1/(1 + (Phi/Phi_c)^2)]."""
    x2 = (flux / flux_c) ** 2
    return amplitude * x2 / (1 + x2)


def fit(sigma_of):
    """Lorentzian fit with per-point errors sigma_of(model values); iterated to convergence."""
    params = (0.2, 0.4)
    for _ in range(6):
        sigma = sigma_of(lorentzian_rise(fluxes, *params))
        params, cov = curve_fit(lorentzian_rise, fluxes, shift, p0=params, sigma=sigma,
                                absolute_sigma=True)
    chi2 = np.sum(((shift - lorentzian_rise(fluxes, *params)) / sigma) ** 2) / (fluxes.size - 2)
    return params, cov, chi2


# The Lorentzian is the ergodic, large-N shape: allow each point the same non-universal
# relative correction 2 epsilon as delta g itself, in quadrature with its standard error.
shape_allowance = 2 * epsilon[field_channels]
p, cov, chi2 = fit(lambda model: np.hypot(shift_error, shape_allowance * model))
(amplitude, flux_c), (amplitude_error, flux_c_error) = p, np.sqrt(np.diag(cov))
_, _, chi2_statistical = fit(lambda model: shift_error)
dof = fluxes.size - 2
checks.add(f"reduced chi^2, Lorentzian magnetoconductance, N = {field_channels}", chi2,
           np.sqrt(2 / dof), 1.0, 3 * np.sqrt(2 / dof),
           note=f"Phi_c = {flux_c:.3f} ± {flux_c_error:.3f} flux quanta, {dof} dof, errors: "
                f"standard error (+) {shape_allowance:.3f} x Lorentzian")
checks.report(f"reduced chi^2 of the Lorentzian with standard errors only, N = {field_channels}",
              chi2_statistical, np.sqrt(2 / dof), 1.0,
              note="no shape allowance: the crossover is somewhat sharper than a Lorentzian")
dg_expected = (theory.cavity_mean_conductance(field_channels, field_channels, 2)
               - theory.cavity_mean_conductance(field_channels, field_channels, 1))
checks.add(f"Lorentzian amplitude delta g(0), N = {field_channels}", amplitude, amplitude_error,
           dg_expected, 3 * amplitude_error + 2 * epsilon[field_channels] * dg_expected,
           "e²/h", note="3 sigma + allowance 2 epsilon delta g")
# Diffusive estimate: D (2e/hbar)^2 <A^2> = (N1 + N2) Delta / h in the London gauge,
# <A^2> = c B^2 A with c = J / (4 A^2), J the torsion constant of the rectangle.
a_long, b_short = max(lx, ly), min(lx, ly)
odd = np.arange(1, 60, 2)
torsion = a_long * b_short**3 / 3 * (1 - 192 * b_short / (np.pi**5 * a_long)
                                     * np.sum(np.tanh(odd * np.pi * a_long / (2 * b_short))
                                              / odd**5))
c_geometry = torsion / (4 * area**2)
flux_c_diffusive = np.sqrt(2 * field_channels / (c_geometry * g_sq)) / (4 * np.pi)
checks.report(f"Phi_c (flux quanta through the box), N = {field_channels}", flux_c,
              flux_c_error, flux_c_diffusive,
              note=f"diffusive estimate sqrt(2N/(c g_sq))/(4 pi), c = {c_geometry:.4f}; "
                   "flux cancellation (l_tr ~ L) makes the true scale larger")
print(f"Lorentzian: delta g(0) = {amplitude:.3f} ± {amplitude_error:.3f} "
      f"(RMT {dg_expected:.3f}), Phi_c = {flux_c:.3f} ± {flux_c_error:.3f} Phi_0 "
      f"(diffusive estimate {flux_c_diffusive:.3f}); beta = 2 ensembles at "
      f"{flux_unitary / flux_c:.1f} Phi_c, cyclotron radius "
      f"{k_f * area / (2 * np.pi * flux_unitary):.0f} a")

# %% Figure
def _versus_channels(ax, ylabel, top, title, legend_location):
    """Axes of a panel against the number of channels per lead."""
    ax.set_xlabel("channels per lead N")
    ax.set_ylabel(ylabel)
    ax.set_xticks(channels)
    ax.set_ylim(0, top)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc=legend_location, ncol=2)


fig, axes = plt.subplots(2, 2, figsize=(11, 8.4), layout="constrained")
grid = np.linspace(1, 4, 200)
colors = {1: "C0", 2: "C1"}
labels = {1: "β = 1 (B = 0)", 2: f"β = 2 ({flux_unitary:g} flux quanta)"}
eps_grid = np.interp(grid, channels, [epsilon[n] for n in channels])

ax = axes[0, 0]
for beta in (1, 2):
    rmt = theory.cavity_mean_conductance(grid, grid, beta)
    ax.plot(grid, rmt, color=colors[beta], lw=1.2,
            label="RMT N²/(2N − 1 + 2/β), β = 1" if beta == 1
            else "RMT, β = 2: N/2 (the classical value)")
    ax.fill_between(grid, rmt * (1 - eps_grid), rmt, color=colors[beta], alpha=0.15, lw=0)
    ax.errorbar(channels + (beta - 1.5) * 0.08, [results[n, beta]["mean"] for n in channels],
                [results[n, beta]["mean_error"] for n in channels], fmt="o", color=colors[beta],
                capsize=3, label=labels[beta])
ax.set_xlabel("channels per lead N")
ax.set_ylabel("<g> (e²/h)")
ax.set_xticks(channels)
ax.set_title("Mean conductance (shaded: allowance ε<g> for interior\n"
             "resistance and lead mouths)", fontsize=10)
ax.legend(fontsize=8)

ax = axes[0, 1]
ax.plot(grid, theory.cavity_mean_conductance(grid, grid, 2)
        - theory.cavity_mean_conductance(grid, grid, 1), "k-", lw=1.2,
        label="RMT N/(2(2N + 1))")
ax.errorbar(channels, [results[n, "wl"][0] for n in channels],
            [results[n, "wl"][1] for n in channels], fmt="o", color="C2", capsize=3,
            label=f"simulation, {n_seeds} + {n_seeds} samples")
ax.errorbar([field_channels + 0.1], [amplitude], [amplitude_error], fmt="s", color="C3",
            capsize=3, label="Lorentzian amplitude (field sweep)")
ax.axhline(0.25, color="0.5", ls=":", lw=1, label="N → ∞: 1/4")
_versus_channels(ax, "δg = <g>(β=2) − <g>(β=1) (e²/h)", 0.34,
                 "Weak-localization correction", "upper left")

ax = axes[1, 0]
for beta in (1, 2):
    ax.plot(grid, theory.cavity_conductance_variance(grid, grid, beta), color=colors[beta],
            lw=1.2, label=f"RMT, β = {beta}")
    ax.errorbar(channels + (beta - 1.5) * 0.08, [results[n, beta]["var"] for n in channels],
                [results[n, beta]["var_error"] for n in channels], fmt="o", color=colors[beta],
                capsize=3, label=labels[beta])
for value, beta in ((1 / 8, 1), (1 / 16, 2)):
    ax.axhline(value, color=colors[beta], ls=":", lw=1)
_versus_channels(ax, "var g ((e²/h)²)", 0.16,
                 "Conductance fluctuations (dotted: N → ∞, 1/8 and 1/16)", "lower right")

ax = axes[1, 1]
ax.errorbar(fluxes, shift, shift_error, fmt="o", color="C3", capsize=3,
            label=f"<g(Φ) − g(0)>, N = {field_channels}, {n_seeds_field} samples per field")
fine = np.geomspace(fluxes.min() / 1.5, fluxes.max() * 1.2, 300)
model = lorentzian_rise(fine, *p)
ax.plot(fine, model, "k-", lw=1.2,
        label=f"Lorentzian fit: δg(0) = {amplitude:.3f}, Φ_c = {flux_c:.2f} Φ₀, "
              f"χ²/dof = {chi2:.2f}")
ax.fill_between(fine, model * (1 - shape_allowance), model * (1 + shape_allowance),
                color="0.5", alpha=0.2, lw=0, label=f"± {shape_allowance:.2f} × fit (allowance)")
ax.axhline(dg_expected, color="0.4", ls="--", lw=1, label=f"RMT δg = {dg_expected:.3f}")
ax.axvline(flux_c_diffusive, color="0.6", ls=":", lw=1)
ax.text(flux_c_diffusive * 1.03, 0.005, "diffusive\nestimate of Φ_c", color="0.4", fontsize=8)
ax.set_xscale("log")
ax.set_xticks([0.1, 0.2, 0.3, 0.5, 1, 2, 3], ["0.1", "0.2", "0.3", "0.5", "1", "2", "3"])
ax.set_xlim(fine[0], fine[-1])
ax.set_ylim(0, 0.34)
ax.set_xlabel("flux through the box Φ/Φ₀ (Φ₀ = h/e)")
ax.set_ylabel("g(Φ) − g(0) = δg(0) − δg(Φ) (e²/h)")
ax.set_title("Magnetoconductance, δg(Φ) = δg(0)/(1 + (Φ/Φ_c)²)", fontsize=10)
ax.legend(fontsize=8, loc="upper left")
checks.save_figure(fig)
checks.save()
