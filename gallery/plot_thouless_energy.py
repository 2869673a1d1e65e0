"""Thouless energy: conductance from the sensitivity of levels to a boundary twist
==================================================================================

Thouless's picture of conduction: a metal is a sample whose levels feel its
boundary conditions.  Close a disordered wire into a ring and thread a twist
theta (the phase a state picks up going around, i.e. a flux theta/2pi h/e): each
level e_n(theta) moves with a velocity d e_n/d theta = (hbar/L) <n|v_x|n>.
The Kubo formula ties the same velocity matrix elements to the conductance;
in the unitary class (here: random Peierls phases of +-0.5 rad on every bond)
the diagonal and the off-diagonal elements of nearby levels have equal
variance, which gives, for a spinless sample and g in e^2/h,

g = 2 pi^2 <(d e_n/d theta)^2> / Delta^2,   E_T = hbar D / L^2 = g Delta / (2 pi).

The folklore 'g = E_T / Delta' hides that 2 pi
(docs/theory/thouless_and_levels.md#thouless-energy-and-level-spacing).  The ring has no
contacts, so its g is the intrinsic conductance of the sample; the Landauer g
of the same realizations between clean leads carries the contact resistance of
its N modes in series: 1/g_L = 1/g + 1/N.

Samples: 20 x 20 square lattice (40 x 40 in the full run), box disorder W from
1 to 6 t, levels and Landauer g within 2.5-3.5 t of the band bottom (where the
density of states is nearly flat), the ring's bulk disorder identical to the
open wire's.  The first panel is the spectrum of one ring versus the twist:
levels wander by about a spacing and avoid each other (level repulsion).

Checks.  (1) For every metallic disorder (g > 2) the Thouless g agrees with the
Landauer g with its contact resistance removed.  Tolerance: 3 standard errors
(bootstrap over samples) plus 10 % for the approximate contact-resistance
subtraction (it neglects O(1/N) corrections and the quantum correction to the
Landauer g, here of order 1/g).  (2) The assumption behind the formula,
``<v_nn^2> = <|v_nm|^2>`` for levels closer than E_T (ergodic eigenstates of the
unitary class), holds within 3 standard errors plus 10 %.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import spectra

from _common import Checks, pick

checks = Checks("thouless_energy")
size = pick(20, 40)
wire = devices.Wire(width=size, length=size)
ring = devices.ClosedSample(wire, periodic=True)
window = (2.5, 3.5)
energy = 3.0
random_flux = 0.5
disorders = np.array([1.0, 1.5, 2.0, 3.0, 4.0, 6.0])
n_samples = pick(24, 40)
n_modes = physics.open_modes(wire, energy)
rng = np.random.default_rng(0)


def bootstrap(per_sample, statistic, n_resamples=400):
    """Standard error of statistic(per_sample rows) by resampling samples."""
    per_sample = np.asarray(per_sample)
    values = [statistic(per_sample[rng.integers(0, len(per_sample), len(per_sample))])
              for _ in range(n_resamples)]
    return float(np.std(values, ddof=1))


def thouless_g(rows):
    """rows: (sum of v^2, number of levels, sum of |v_nm|^2 for close pairs, number of pairs)."""
    v2, count = rows[:, 0].sum(), rows[:, 1].sum()
    spacing = (window[1] - window[0]) * len(rows) / count
    return 2 * np.pi**2 * (v2 / count) / spacing**2


def ergodicity(rows):
    return (rows[:, 0].sum() / rows[:, 1].sum()) / (rows[:, 2].sum() / rows[:, 3].sum())


results = []
for disorder in disorders:
    rows, energies, velocities, g_landauer = [], [], [], []
    for seed in range(n_samples):
        params = dict(disorder=disorder, seed=seed, random_flux=random_flux)
        e, matrix = spectra.twist_response(ring, 0.0, **params)
        inside = (e >= window[0]) & (e <= window[1])
        v = np.real(np.diag(matrix))
        e_in, m_in = e[inside], matrix[np.ix_(inside, inside)]
        spacing_estimate = (window[1] - window[0]) / inside.sum()
        # Off-diagonal elements of pairs within a few spacings (well inside E_T for g > 2).
        close = (np.abs(e_in[:, None] - e_in[None, :]) < 3 * spacing_estimate)
        close &= ~np.eye(inside.sum(), dtype=bool)
        rows.append((np.sum(v[inside] ** 2), inside.sum(), np.sum(np.abs(m_in[close]) ** 2),
                     close.sum()))
        energies.append(e)
        velocities.append(v)
        g_landauer.append(physics.conductance(wire, energy, **params))
    rows = np.array(rows, dtype=float)
    summary = spectra.thouless_conductance(energies, velocities, window)
    g_l = np.array(g_landauer)
    g_intrinsic = 1 / (1 / g_l.mean() - 1 / n_modes)
    error_l = g_l.std(ddof=1) / np.sqrt(len(g_l)) * (g_intrinsic / g_l.mean()) ** 2
    results.append(dict(disorder=disorder, g_t=summary["g"], error_t=bootstrap(rows, thouless_g),
                        g_landauer=g_l.mean(), g_intrinsic=g_intrinsic, error_intrinsic=error_l,
                        e_t=summary["thouless_energy"], spacing=summary["spacing"],
                        ergodicity=ergodicity(rows), error_ergodicity=bootstrap(rows, ergodicity)))
    print(f"W = {disorder}: g_T = {summary['g']:.2f}, g_L = {g_l.mean():.2f}, "
          f"g_L without contacts = {g_intrinsic:.2f}", flush=True)

for r in results:
    if r["g_intrinsic"] > 2:
        error = np.hypot(r["error_t"], r["error_intrinsic"])
        checks.add(f"Thouless g = 2 pi^2 <v^2>/Delta^2 at W = {r['disorder']:g}", r["g_t"], error,
                   r["g_intrinsic"], 3 * error + 0.10 * r["g_intrinsic"], unit="e^2/h",
                   note=f"Landauer g_L = {r['g_landauer']:.2f} with 1/N = 1/{n_modes} removed")
metallic = [r for r in results if r["g_intrinsic"] > 2]
r = metallic[len(metallic) // 2]
checks.add(f"ergodicity <v_nn^2>/<|v_nm|^2> at W = {r['disorder']:g}", r["ergodicity"],
           r["error_ergodicity"], 1.0, 3 * r["error_ergodicity"] + 0.10,
           note="unitary class: diagonal and off-diagonal velocity elements alike")

# %% Figure
fig, axes = plt.subplots(1, 3, figsize=(15, 4.4))
twists = np.linspace(0, 2 * np.pi, 61)
example = dict(disorder=2.0, seed=0, random_flux=random_flux)
levels = np.array([np.linalg.eigvalsh(ring.hamiltonian(t, **example).toarray()) for t in twists])
shown = (levels[0] > 2.9) & (levels[0] < 3.1)
axes[0].plot(twists / (2 * np.pi), levels[:, shown], color="C0", lw=0.8)
axes[0].set(xlabel="twist / 2π (flux through the ring, h/e)", ylabel="level energy (t)",
            title=f"levels of one {size}×{size} ring, W = 2t")

g_t = np.array([r["g_t"] for r in results])
g_i = np.array([r["g_intrinsic"] for r in results])
axes[1].errorbar(g_i, g_t, xerr=[r["error_intrinsic"] for r in results],
                 yerr=[r["error_t"] for r in results], fmt="o", label="simulation")
line = np.array([0.5, 1.2 * g_i.max()])
axes[1].plot(line, line, "k--", label="g_T = g (intrinsic)")
axes[1].plot([r["g_landauer"] for r in results], g_t, "s", mfc="none", color="C3",
             label="against raw Landauer g_L")
for r in results:
    axes[1].annotate(f"W={r['disorder']:g}", (r["g_intrinsic"], r["g_t"]), fontsize=7,
                     xytext=(4, -10), textcoords="offset points")
axes[1].set(xscale="log", yscale="log", xlabel="Landauer g with contacts removed (e²/h)",
            ylabel="Thouless g = 2π² ⟨v²⟩/Δ² (e²/h)", title="conductance without leads")
axes[1].legend(fontsize=8)

ratio = np.array([r["e_t"] / r["spacing"] for r in results])
axes[2].plot(g_i, ratio, "o", label="E_T/Δ from the twist")
axes[2].plot(line, line / (2 * np.pi), "k--", label="g / 2π")
axes[2].plot(line, line, ":", color="gray", label="folklore g")
axes[2].set(xscale="log", yscale="log", xlabel="g (e²/h)", ylabel="E_T / Δ",
            title="Thouless number: mind the 2π")
axes[2].legend(fontsize=8)
fig.tight_layout()
checks.save_figure(fig)
checks.save()
