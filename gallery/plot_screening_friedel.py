"""Screening of a test charge and Friedel oscillations in disordered samples
==========================================================================

**Screening.**  A point charge +|e| on one site of a closed, isolated 2D sample
(L x L, hard walls, spinless, quarter filling, Fermi energy E_F = 2.56 t from
the band bottom) is screened by the electrons, which repel by a bare Coulomb
interaction V(r) = U/r (U = e^2/(4 pi eps a) = 1 t; on-site term: the unit-cell
average of 1/r).  Static linear response: the Lindhard susceptibility chi0 of
the exact eigenstates (zero temperature, fixed particle number) in the Hartree
equation delta n = chi0 (phi_ext + V delta n), solved as delta n = (1 - chi0
V)^-1 chi0 phi_ext (static RPA; equal to the self-consistent Hartree solution
in the linear regime, tested).  Thomas-Fermi theory
(docs/theory/interactions.md#thomas-fermi-screening) replaces chi0
by -nu: q_TF = e^2 nu / (2 eps) = 2 pi U nu = 0.78/a with the clean DOS nu(E_F)
= 0.1245/t.  In an infinite sheet it screens perfectly, the charge within R
tending to 1 - 1/(q_TF R) (grey line).  An isolated sample keeps its particle
number (sum delta n = 0 exactly), so the compensating charge sits at its edges
like on a conductor; the same Thomas-Fermi equation solved in the same geometry
(lattice TF, black) contains this electrostatics with no free parameter.  The
long-range screening is set by the compressibility dn/dmu = nu, which does not
depend on disorder: the disorder-averaged induced charge within R and the
profile beyond a few screening lengths (r >= 6 a = 4.7/q_TF) are the same for W
= 1 and 2 t, and follow lattice TF.  At shorter distances the profiles differ:
chi0 is non-local on the scale of the Fermi wavelength (Friedel oscillations of
the cloud, damped by disorder).  Fitting nu in lattice TF to the enclosed
charge (R >= 3) gives the screening wave vector: about 1 % below 2 pi U nu at W
= 1 t (k_F l = 54), about 9 % below at W = 2 t (k_F l = 14).  Observation (not
a check): at stronger disorder (W = 3 t, k_F l = 6) the averaged screening
charge falls about 9 % below lattice TF and the fitted q_TF about 25 %: the
effective compressibility of the averaged screening is reduced by an amount of
order 1/(k_F l) (about 1.2/(k_F l) at W = 2 t and 1.6/(k_F l) at W = 3 t), a
correction beyond Thomas-Fermi that a local Thomas-Fermi with each sample's own
local DOS partly reproduces (the screening response averages the fluctuating
local compressibility, not the mean).

**Friedel oscillations.**  A point scatterer (U_s = 2 t) in a 2D sample (120 x
120, periodic along x) at E = 1 t from the band bottom: the change of the local
DOS, -Im delta G(r, r)/pi, is exact from the T matrix, delta G(r, r) = G(r, 0)
U_s G(0, r) / (1 - U_s G(0, 0)), with one sparse LU per realization at E + i
eta, eta = 0.02 t (much smaller than hbar/tau).  In a clean sample it
oscillates as cos(2 k_F r + delta)/r (LDOS at fixed energy in 2D), with
wavelength pi/k_F = 3 a along the axes (k_F = pi/3).  The disorder average of
delta G involves two averaged Green functions, each decaying as exp(-r/2l), so
its envelope decays as exp(-r/l) with the Born elastic mean free path l = v
tau, hbar/tau = (pi/6) W^2 nu(E) (docs/theory/drude.md#born-scattering-rate,
docs/theory/interactions.md#friedel-oscillations): l = 16.1 a (W = 1.5 t) and
9.0 a (W = 2 t) along the axes.  (This l is v tau; the DMPK length of
physics.theory.born_mean_free_path is (pi/2) l in the continuum.)  The averaged
delta G is divided by the clean one (infinite lattice, same eta), which removes
the 1/r amplitude, the lattice anisotropy and the decay due to eta; distances
are rescaled by the Fermi speed along each direction (the stationary-phase
point of the lattice Fermi surface) to the x-axis value.  The scatterer sits at
a fixed place relative to the walls; three copies of it, 40 sites apart along
the periodic direction, are solved as three separate one-scatterer problems
from the same factorization, and averaged per realization.  Single samples keep
oscillations of the clean size far beyond l.

Tolerances: sum rule, exact (1e-10).  Screening charge and long-range profile
against lattice TF: 5 % of the test charge (lattice TF neglects the
non-locality of chi0 at r <~ lambda_F and the O(1/k_F l) reduction noted above)
combined with 3 standard errors.  Disorder independence of the profile at r >=
6: 3 standard errors.  Fitted q_TF: 10 % (finite-size and hard-wall corrections
to the DOS, up to perimeter/(k_F area) = 6 % for L = 24, and the O(1/k_F l)
reduction, 9 % at k_F l = 14) combined with 2 jackknife errors.  Friedel decay
length against Born l: 20 % (docs/theory/interactions.md#friedel-oscillations:
Born neglects O(1/k_F l) corrections to
tau) combined with 2 jackknife errors. Clean Friedel wavelength: exact
asymptotics, 0.5 % (1/r corrections over the fitted range).  References: Stern,
PRL 18, 546 (1967); Ando, Fowler & Stern, RMP 54, 437 (1982); Friedel, Nuovo
Cimento 7, 287 (1958); Akkermans & Montambaux, Mesoscopic Physics of Electrons
and Photons (2007), ch. 3 (averaged Green function).
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import scipy.optimize

import devices
from physics import screening, theory

from _common import Checks, pick

checks = Checks("screening_friedel")
start = time.time()

# %% Screening of a test charge: static RPA versus Thomas-Fermi.
size = pick(24, 32)
coupling = 1.0
disorders = [1.0, 2.0, 3.0]
checked = [1.0, 2.0]
n_seeds = pick(10, 48)
sample = devices.ClosedSample(devices.Wire(width=size, length=size))
positions = sample.positions
n_particles = sample.n_sites // 4
fermi_energy = screening.fermi_energy_2d(n_particles / sample.n_sites)
nu = float(theory.density_of_states_2d(fermi_energy))
q_tf = screening.thomas_fermi_wavevector(nu, coupling, 2)
k_f_screening = screening.fermi_surface_point_2d(fermi_energy, 0.0)[0][0]
impurity = int(np.argmin(np.linalg.norm(positions - (size - 1) // 2, axis=1)))
coulomb = screening.CoulombInteraction(positions, coupling)
phi_ext = coulomb.potential_of_charge(impurity, charge=1.0)
distance = np.linalg.norm(positions - positions[impurity], axis=1)
radii_in = np.arange(2.5, size / 2 - 0.5, 0.5)
profile_edges = np.arange(0.5, size / 2, 1.0)


def enclosed(density):
    return np.array([density[distance < r].sum() for r in radii_in])


def profile(density):
    return screening.radial_average(positions, positions[impurity], density, profile_edges)[1]


profile_radii = screening.radial_average(positions, positions[impurity], distance,
                                         profile_edges)[0]
tf_lattice = screening.thomas_fermi_density(coulomb, phi_ext, nu)
results = {}
worst_sum = 0.0
for w in disorders:
    charges, profiles = [], []
    for seed in range(n_seeds):
        chi0 = screening.StaticSusceptibility(sample.hamiltonian(disorder=w, seed=seed),
                                              n_particles=n_particles)
        delta_n = screening.screened_density(chi0, coulomb, phi_ext)
        worst_sum = max(worst_sum, abs(delta_n.sum()))
        charges.append(enclosed(delta_n))
        profiles.append(profile(delta_n))
    results[w] = dict(charges=np.array(charges), profiles=np.array(profiles))

checks.add("total induced charge of the isolated sample (max over samples)", worst_sum, 0, 0.0,
           1e-10, unit="|e|", note="fixed particle number: sum_i delta n_i = 0 exactly")


def mean_error(values):
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(len(values))


tf_charges = enclosed(tf_lattice)
r_sum = 6.0
k_sum = int(np.argmin(np.abs(radii_in - r_sum)))
for w in checked:
    mean, error = mean_error(results[w]["charges"])
    checks.add(f"screening charge within R = {radii_in[k_sum]:g} a, W = {w:g}", mean[k_sum],
               error[k_sum], tf_charges[k_sum], np.hypot(0.05, 3 * error[k_sum]), unit="|e|",
               note="lattice Thomas-Fermi, same isolated sample (infinite sheet: "
                    f"{screening.thomas_fermi_enclosed_charge_2d(radii_in[k_sum], q_tf):.3f})")

# Long range (r >= 6): relative difference of the two profiles, weighted over the bins.
far = (profile_radii >= r_sum) & (profile_radii <= size / 2 - 1)
tf_profile = profile(tf_lattice)
m1, e1 = mean_error(results[checked[0]]["profiles"])
m2, e2 = mean_error(results[checked[1]]["profiles"])
weights = tf_profile[far] ** 2 / (e1[far] ** 2 + e2[far] ** 2)
relative = np.sum(weights * (m1[far] - m2[far]) / tf_profile[far]) / weights.sum()
relative_error = 1 / np.sqrt(weights.sum())
checks.add(f"long-range profile (r >= {r_sum:g}): (W = {checked[0]:g} - W = {checked[1]:g}) / TF",
           relative, relative_error, 0.0, 3 * relative_error,
           note="static compressibility independent of disorder")
weights_tf = tf_profile[far] ** 2 / e2[far] ** 2
relative_tf = np.sum(weights_tf * (m2[far] - tf_profile[far]) / tf_profile[far]) / weights_tf.sum()
relative_tf_error = 1 / np.sqrt(weights_tf.sum())
checks.add(f"long-range profile (r >= {r_sum:g}), W = {checked[1]:g}: (RPA - TF) / TF",
           relative_tf, relative_tf_error, 0.0, np.hypot(0.05, 3 * relative_tf_error),
           note="lattice Thomas-Fermi with the clean DOS")


def fitted_q(charges):
    mean, error = mean_error(charges)
    use = radii_in >= 3.0

    def chi2(log_nu):
        model = enclosed(screening.thomas_fermi_density(coulomb, phi_ext, np.exp(log_nu)))
        return np.sum(((model - mean) / error)[use] ** 2)

    best = scipy.optimize.minimize_scalar(chi2, bounds=(np.log(nu / 4), np.log(4 * nu)),
                                          method="bounded", options=dict(xatol=1e-6))
    return screening.thomas_fermi_wavevector(np.exp(best.x), coupling, 2)


q_fits = {}
for w in disorders:
    charges = results[w]["charges"]
    q_all = fitted_q(charges)
    blocks = 5
    jack = np.array([fitted_q(np.delete(charges, slice(k, None, blocks), axis=0))
                     for k in range(blocks)])
    q_error = np.sqrt((blocks - 1) / blocks * np.sum((jack - jack.mean()) ** 2))
    q_fits[w] = (q_all, q_error)
    if w in checked:
        checks.add(f"fitted q_TF, W = {w:g}", q_all, q_error, q_tf,
                   np.hypot(0.1 * q_tf, 2 * q_error), unit="1/a",
                   note="lattice TF fitted to the enclosed charge (R >= 3); theory 2 pi U nu")
print(f"fitted q_TF at W = 3 (not checked, k_F l = 6): {q_fits[3.0][0]:.3f} ± "
      f"{q_fits[3.0][1]:.3f} 1/a, theory {q_tf:.3f}")
print(f"screening part: {time.time() - start:.1f} s")

# %% Friedel oscillations around a point scatterer.
energy, eta, u_s = 1.0, 0.02, 2.0
length = 120
n_copies = 3
friedel_disorders = [1.5, 2.0]
friedel_seeds = pick(40, 200)
ring = devices.ClosedSample(devices.Wire(width=length, length=length), periodic=True)
ring_positions = ring.positions
scatterers = [int(np.argmin(np.linalg.norm(ring_positions - (k * length // n_copies,
                                                              length // 2), axis=1)))
              for k in range(n_copies)]


def offsets_from(site):
    d = ring_positions - ring_positions[site]
    d[:, 0] = (d[:, 0] + length / 2) % length - length / 2  # nearest image along x
    return np.rint(d).astype(np.int64)


orders = [np.lexsort(offsets_from(s).T[::-1]) for s in scatterers]
offsets = offsets_from(scatterers[0])[orders[0]]
assert all(np.array_equal(offsets_from(s)[o], offsets) for s, o in zip(scatterers, orders))
clean = screening.clean_point_scatterer_green_change(energy, eta, u_s, offsets)
scaled = screening.friedel_scaled_distance(offsets, energy)
k_f = screening.fermi_surface_point_2d(energy, 0.0)[0][0]

# Clean sample: the oscillation wavelength along x (finite sample, eta large enough that
# the walls 60 a away are invisible: decay length v/2eta = 4.3 a per Green function).
eta_clean = 0.2
clean_sample = screening.point_scatterer_green_change(ring.hamiltonian(), scatterers[0], u_s,
                                                      energy, eta_clean)[orders[0]]
axis = (offsets[:, 1] == 0) & (offsets[:, 0] >= 6) & (offsets[:, 0] <= 30)
phase = np.unwrap(np.angle(clean_sample[axis]))
slope = np.polyfit(offsets[axis, 0], phase, 1)[0]
k_complex = np.arccos(1 - (energy + 1j * eta_clean) / 2)  # E = 2 - 2 cos k_x on the x axis
checks.add("clean Friedel wavelength along x (eta = 0.2)", np.pi / (slope / 2), 0,
           np.pi / k_complex.real, 0.005 * np.pi / k_complex.real, unit="a",
           note=f"pi/Re k(E + i eta); pi/k_F = {np.pi / k_f:.4f} a at eta -> 0")

resolvent = screening.point_scatterer_green_change.resolvent()
friedel = {}
edges = np.arange(1.5, length / 2 - 8, 2.0)
for w in friedel_disorders:
    changes = []
    single = None
    for seed in range(friedel_seeds):
        h = ring.hamiltonian(disorder=w, seed=seed)
        rows = screening.point_scatterer_green_change(h, scatterers, u_s, energy, eta,
                                                      resolvent=resolvent)
        aligned = [row[o] for row, o in zip(rows, orders)]
        changes.append(np.mean(aligned, axis=0))
        if single is None:
            single = aligned[0]
    changes = np.array(changes)
    fit = screening.fit_friedel_envelope(changes, clean, scaled, edges, n_blocks=10)
    born = screening.elastic_mean_free_path_2d(energy, w)
    friedel[w] = dict(fit=fit, born=born, mean=changes.mean(axis=0), single=single,
                      all=changes)
    checks.add(f"Friedel envelope decay length, W = {w:g}", fit["decay_length"], fit["error"],
               born, np.hypot(0.2 * born, 2 * fit["error"]), unit="a",
               note="Born l = v tau along x; <dG> ~ exp(-r/l)")

# Single samples: oscillations survive beyond l.
w = friedel_disorders[0]
band = (scaled >= 2 * friedel[w]["born"]) & (scaled <= 3 * friedel[w]["born"])
single_power = np.abs(friedel[w]["all"][:, band] / clean[band]) ** 2 / n_copies  # per copy
per_seed = single_power.mean(axis=1)
fit = friedel[w]["fit"]
average_power = fit["amplitude"] * np.mean(np.exp(-2 * scaled[band] / fit["decay_length"]))
ratio = per_seed.mean() / average_power
ratio_error = per_seed.std(ddof=1) / np.sqrt(len(per_seed)) / average_power
checks.add_bound(f"single-sample / averaged oscillation power at 2l-3l, W = {w:g}", ratio,
                 ratio_error, lower=10.0,
                 note="random-phase oscillations persist in each sample beyond l")
print(f"total: {time.time() - start:.1f} s")

# %% Figure.
fig, axes = plt.subplots(2, 2, figsize=(11, 8.4), layout="constrained")
ax = axes[0, 0]
fine = np.linspace(0.05, radii_in[-1], 200)
ax.plot(fine, screening.thomas_fermi_enclosed_charge_2d(fine, q_tf), color="0.6", lw=2,
        label="TF, infinite sheet (perfect screening)")
ax.plot(radii_in, tf_charges, "k-", lw=1.5, label="lattice TF, same isolated sample")
for k, w in enumerate(disorders):
    mean, error = mean_error(results[w]["charges"])
    ax.errorbar(radii_in, mean, error, fmt="o", ms=3, color=f"C{k}",
                label=f"RPA, W = {w:g} (k_F l = "
                      f"{k_f_screening * screening.elastic_mean_free_path_2d(fermi_energy, w):.0f})")
ax.axhline(1, color="0.8", lw=0.8)
ax.axvline(1 / q_tf, color="0.7", ls=":", lw=1)
ax.set_xlabel("R (a)")
ax.set_ylabel("screening charge within R (|e|)")
ax.set_title(f"Test charge in a {size}x{size} sample, q_TF = {q_tf:.2f}/a", fontsize=10)
ax.legend(fontsize=7.5, loc="lower right")

ax = axes[0, 1]
ax.plot(profile_radii, tf_profile * 1e3, "k-", lw=1.5, label="lattice TF")
for k, w in enumerate(disorders):
    mean, error = mean_error(results[w]["profiles"])
    ax.errorbar(profile_radii + 0.08 * (k - 1), mean * 1e3, error * 1e3, fmt="o-", ms=3, lw=0.8,
                color=f"C{k}", label=f"RPA, W = {w:g}")
ax.axvspan(r_sum, size / 2 - 1, color="0.92", zorder=0, label="long-range comparison")
ax.axhline(0, color="0.7", lw=0.8)
ax.set_ylim(-3, 14)
ax.set_xlim(1, size / 2)
ax.set_xlabel("r (a)")
ax.set_ylabel("induced density delta n (10^-3 electrons per site)")
ax.set_title("Radial profile: disorder-independent beyond a few 1/q_TF", fontsize=10)
ax.legend(fontsize=7.5)

ax = axes[1, 0]
on_axis = (offsets[:, 1] == 0) & (offsets[:, 0] > 0) & (offsets[:, 0] <= 40)
x = offsets[on_axis, 0]
ax.plot(x, -x * clean[on_axis].imag / np.pi, "k.-", lw=0.6, ms=3, label="clean")
ax.plot(x, -x * friedel[1.5]["single"][on_axis].imag / np.pi, ".-", color="0.6", lw=0.6, ms=3,
        label="one sample, W = 1.5")
for k, w in enumerate(friedel_disorders):
    ax.plot(x, -x * friedel[w]["mean"][on_axis].imag / np.pi, "o-", ms=3, lw=0.8, color=f"C{k}",
            label=f"average, W = {w:g}")
    envelope = np.abs(clean[on_axis]) * x / np.pi * np.exp(-x / friedel[w]["born"])
    ax.plot(x, envelope, "--", color=f"C{k}", lw=1)
    ax.plot(x, -envelope, "--", color=f"C{k}", lw=1)
ax.set_xlim(0, 40)
ax.set_ylim(-0.025, 0.045)
ax.set_xlabel("x (a), along the axis from the scatterer")
ax.set_ylabel("r x LDOS change (1/t)")
ax.set_title(f"Friedel oscillations, E = {energy:g} t: period pi/k_F = {np.pi / k_f:.0f} a; "
             "dashed: clean x exp(-r/l_Born)", fontsize=9)
ax.legend(fontsize=7.5, ncol=2)

ax = axes[1, 1]
for k, w in enumerate(friedel_disorders):
    f = friedel[w]["fit"]
    ax.errorbar(f["radii"], f["envelope"], f["envelope_error"], fmt="o", ms=3, color=f"C{k}",
                label=f"W = {w:g}: l = {f['decay_length']:.1f} ± {f['error']:.1f} a "
                      f"(Born {friedel[w]['born']:.1f})")
    s = np.linspace(0, f["radii"][-1], 100)
    ax.plot(s, f["amplitude"] * np.exp(-2 * s / f["decay_length"]), "-", color=f"C{k}", lw=1)
    ax.plot(s, np.exp(-2 * s / friedel[w]["born"]), ":", color=f"C{k}", lw=1.2)
ax.set_yscale("log")
ax.set_ylim(1e-4, 2)
ax.set_xlabel("distance s (a), rescaled to the Fermi speed along x")
ax.set_ylabel("|<dG> / dG_clean|^2")
ax.set_title("Averaged envelope: fit (solid) and exp(-2s/l_Born) (dotted)", fontsize=10)
ax.legend(fontsize=7.5)
checks.save_figure(fig)
checks.save()
