"""The scaling function beta(g) = d ln g / d ln L for four symmetry classes
==========================================================================

One-parameter scaling (Abrahams, Anderson, Licciardello, Ramakrishnan PRL
42, 673 (1979)) says that how the conductance of a d-cube changes with its
size depends on the conductance alone.  Measured here from ensembles of
<ln g> for squares (2D) or cubes (3D) of sides L and 2L between leads of the
same cross-section, beta = [<ln g>(2L) - <ln g>(L)] / ln 2 at
g = exp(mean <ln g>), for a ladder of disorders.  g is the intrinsic conductance
1/g = 1/g_Landauer - 1/N (the contact resistance of the N lead channels removed;
without it small samples look ballistic, beta -> d - 1).

* 2D orthogonal (spinless, B = 0): negative at all g, ~ -1/(pi g) at large g
  (weak localization): no true metal in 2D.
* 2D unitary (random Peierls phases): the one-loop term vanishes; still
  localizing, but far more weakly at large g.
* 2D symplectic (SU(2) model, E = 1t from the band centre, both spins in g):
  positive, ~ +1/(pi g), at large g (antilocalization): a 2D metal-insulator
  transition (see the SU(2) page).
* 3D orthogonal (cubes, band centre): positive in the metal, negative in the
  insulator, crossing zero at the Anderson transition.

The disorders keep L several mean free paths long (l ~ 2-4 a), so g is of
order 1-3 and the perturbative forms of
docs/theory/scaling.md#weak-disorder-expansion, drawn for orientation, are
only indicative.  Checks: the sign of the error-weighted mean of beta over the
points with g >= 1 in 2D, and of beta at the weakest and strongest disorder in
3D, each at 3 standard errors.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics

from _common import Checks, pick

checks = Checks("scaling_function")
n_seeds = pick(500, 2000)
size_2d = pick(16, 24)
size_3d = pick(5, 7)
classes = {
    "2D orthogonal": (lambda L: devices.Film(width=L, length=L), size_2d, 2.0, {},
                      [3.0, 3.5, 4.0, 6.0, 8.0]),
    "2D unitary": (lambda L: devices.Film(width=L, length=L), size_2d, 2.0,
                   {"random_flux": np.pi}, [2.0, 3.0, 4.5, 6.5]),
    "2D symplectic": (lambda L: devices.Film(width=L, length=L, spin=True), 12, 5.0,
                      {"so_disorder": 1.0}, [2.0, 3.0, 4.0, 6.0]),
    "3D orthogonal": (lambda L: devices.Block(length=L), size_3d, 6.0, {},
                      [6.0, 10.0, 16.5, 24.0]),
}


def mean_ln_g(device, energy, disorder, offset, params):
    seeds = range(offset, offset + n_seeds)
    g = physics.ensemble(device, energy=energy, seeds=seeds, disorder=disorder,
                         **params).conductance.values
    # Remove the contact (Sharvin) resistance of the ideal leads, 1/N, which
    # otherwise makes small samples look ballistic (beta -> d - 1).
    n = physics.open_modes(device, energy, **params)
    ln_g = np.log(g / (1 - g / n))
    return ln_g.mean(), ln_g.std(ddof=1) / np.sqrt(ln_g.size)


results = {}
for c, (label, (make, size, energy, params, disorders)) in enumerate(classes.items()):
    points = []
    for k, disorder in enumerate(disorders):
        small = mean_ln_g(make(size), energy, disorder, (10 * c + k) * 10**6, params)
        large = mean_ln_g(make(2 * size), energy, disorder, (10 * c + k) * 10**6 + 500_000,
                          params)
        beta = (large[0] - small[0]) / np.log(2)
        error = np.hypot(large[1], small[1]) / np.log(2)
        points.append((np.exp(0.5 * (small[0] + large[0])), beta, error))
    results[label] = np.array(points)
    print(label, np.round(results[label], 3).tolist())

ortho, unitary, sympl, three = (results[k] for k in classes)


def metallic_mean(points):
    """Error-weighted mean of beta over the points with g >= 1 (the weak-disorder side)."""
    chosen = points[points[:, 0] >= 1]
    weights = 1 / chosen[:, 2] ** 2
    return np.sum(weights * chosen[:, 1]) / weights.sum(), 1 / np.sqrt(weights.sum())


checks.add_bound("2D orthogonal: mean beta over g >= 1 (negative)", *metallic_mean(ortho),
                 upper=0)
checks.add_bound("2D symplectic: mean beta over g >= 1 (positive)", *metallic_mean(sympl),
                 lower=0)
checks.add_bound(f"3D orthogonal: beta at g = {three[0, 0]:.1f} (metal, positive)", three[0, 1],
                 three[0, 2], lower=0)
checks.add_bound(f"3D orthogonal: beta at g = {three[-1, 0]:.2f} (insulator, negative)",
                 three[-1, 1], three[-1, 2], upper=0)

# %%
fig, ax = plt.subplots(figsize=(7.5, 5), layout="constrained")
for (label, points), color in zip(results.items(), ("C0", "C1", "C2", "C3")):
    order = np.argsort(points[:, 0])
    ax.errorbar(points[order, 0], points[order, 1], points[order, 2], fmt="o-", color=color,
                label=label)
g = np.logspace(-0.5, 1.3, 200)
ax.plot(g, -1 / (np.pi * g), "C0:", label="2D orthogonal: −1/(πg)")
ax.plot(g, 1 / (np.pi * g), "C2:", label="2D symplectic: +1/(πg)")
ax.plot(g, -1 / (2 * np.pi**2 * g**2), "C1:", label="2D unitary: −1/(2π²g²)")
ax.plot(g, 1 - 1 / (np.pi**2 * g), "C3:", label="3D: 1 − 1/(π²g)")
ax.axhline(0, color="k", lw=0.5)
ax.set_xscale("log")
ax.set_ylim(-2.5, 1.2)
ax.set_xlabel("g = exp<ln g> (e²/h)")
ax.set_ylabel("β = d ln g / d ln L")
ax.set_title(f"Scaling function from L = {size_2d}→{2 * size_2d} (2D; symplectic 12→24), "
             f"{size_3d}→{2 * size_3d} (3D)", fontsize=10)
ax.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
