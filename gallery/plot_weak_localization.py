"""Weak localization: the zero-field correction and its suppression by a field
==============================================================================

Coherent backscattering of time-reversed paths lowers the conductance of a
diffusive wire by delta g = -1/3 (spinless, orthogonal class;
docs/theory/conventions.md#symmetry-classes, docs/theory/quasi_1d.md#dmpk-mean-conductance).
Breaking time reversal removes it.  Two measurements:

1. The offset delta of <g>(L) = N/(1+s) + delta [1 - (1+s)^-3] (s = L/l) for the
   orthogonal ensemble (B = 0) and for a unitary ensemble made with random
   Peierls phases (theta0 = 0.5 rad; no Lorentz force).  Each ensemble has its
   own mean free path (the random flux scatters), so both are fitted over the
   same window of s (2 to 6): at larger s, O(s/N) corrections and the approach
   to localization (L/xi > 0.3) bias the offset.  Theory: delta_AI - delta_A = -1/3.
2. The magnetoconductance Delta g(phi) = <g(phi) - g(0)> of a 30 x 60 wire in a
   uniform field against the coherent-wire formula Delta g = 1/3 - f(c phi),
   f(x) = coth x / x - 1/x^2 (Cooperon with absorbing ends,
   docs/theory/weak_localization.md#coherent-wire).  The
   field scale c depends on flux cancellation (l ~ W here, between the dirty and
   pure-metal limits), so it is fitted; the check is the shape (reduced chi^2).
   At larger fields a uniform field breaks time reversal only slowly on a lattice
   and classical effects set in (docs/theory/weak_localization.md#pitfalls): the peak saturates below 1/3.

Tolerances: 3 standard errors (independent seeds for every length and field).

References: Altshuler, Khmelnitskii, Larkin, Lee PRB 22, 5142 (1980); Mello & Stone
PRB 44, 3559 (1991); Beenakker & van Houten PRB 38, 3232 (1988).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory

from _common import Checks, pick

checks = Checks("weak_localization")
width, energy, disorder = 30, 2.0, 2.0
n_channels = int(theory.open_channels(energy, width))
n_seeds = pick(400, 2500)


def mean_g(length, block, **params):
    # Independent seeds for every point: the fits below need uncorrelated errors.
    seeds = range(block * 1_000_000, block * 1_000_000 + n_seeds)
    g = physics.ensemble(devices.Wire(width=width, length=int(length)), energy=energy,
                         seeds=seeds, disorder=disorder, **params).conductance
    return float(g.mean()), float(g.std(ddof=1)) / np.sqrt(g.size)


# %% 1. Zero-field correction: orthogonal versus unitary (random flux)
ensembles = {
    "orthogonal (B = 0)": (np.array([30, 45, 60, 75, 90]), {}),
    "unitary (random flux 0.5)": (np.array([20, 30, 40, 50, 60]), {"random_flux": 0.5}),
}
fits = {}
for k, (label, (lengths, params)) in enumerate(ensembles.items()):
    data = [mean_g(length, 10 * k + i, **params) for i, length in enumerate(lengths)]
    means, errors = map(np.array, zip(*data))
    l, dl, delta, ddelta, chi2 = physics.measurements.fit_mean_free_path_and_offset(
        lengths, means, errors, n_channels)
    fits[label] = (lengths, means, errors, l, dl, delta, ddelta)
    print(f"{label}: l = {l:.2f} ± {dl:.2f} a, delta = {delta:.3f} ± {ddelta:.3f}, "
          f"chi2/dof = {chi2:.2f}")
(_, _, _, _, _, d_ai, e_ai), (_, _, _, _, _, d_a, e_a) = fits.values()
difference, difference_error = d_ai - d_a, np.hypot(e_ai, e_a)
checks.add("delta g(orthogonal) - delta g(unitary)", difference, difference_error,
           theory.weak_localization_correction(1) - theory.weak_localization_correction(2),
           3 * difference_error, "e²/h")

# %% 2. Magnetoconductance in a uniform field
length = 60
phis = np.array(pick([1e-4, 2e-4, 3e-4, 4e-4, 6e-4, 8e-4, 1.2e-3, 1.6e-3, 2.4e-3, 4e-3, 6e-3,
                      8e-3],
                     [5e-5, 1e-4, 1.5e-4, 2e-4, 3e-4, 4e-4, 5e-4, 6e-4, 8e-4, 1e-3, 1.2e-3,
                      1.6e-3, 2e-3, 2.4e-3, 3e-3, 4e-3, 5e-3, 6e-3, 8e-3, 1e-2]))
wire = devices.Wire(width=width, length=length)
delta_g, delta_error, per_seed = [], [], []
for k, phi in enumerate(phis):
    seeds = range(100_000_000 + k * 1_000_000, 100_000_000 + k * 1_000_000 + n_seeds)
    fields = [0.0, phi, -phi] if k == 0 else [0.0, phi]
    ds = physics.ensemble(wire, energy=energy, seeds=seeds, disorder=disorder,
                          sweep={"phi": fields})
    g = ds.conductance.values
    diff = g[:, 1] - g[:, 0]
    per_seed.append(diff)
    delta_g.append(diff.mean())
    delta_error.append(diff.std(ddof=1) / np.sqrt(diff.size))
    if k == 0:
        onsager = np.max(np.abs(g[:, 1] - g[:, 2]))
delta_g, delta_error = np.array(delta_g), np.array(delta_error)
checks.add("max |g(phi) - g(-phi)| over the ensemble", onsager, 0, 0, 1e-9, "e²/h")

# The diffusive (Cooperon) description holds below B_tr = hbar/(2 e l_tr^2), i.e.
# phi_tr = 1/(4 pi l_tr^2) flux quanta per plaquette, l_tr = (2/pi) l
# (docs/theory/drude.md#mean-free-path-of-a-wire, docs/theory/weak_localization.md#pitfalls).
# Fit the coherent-wire shape there, with the field scale c and the suppressed
# amplitude A free: short, non-diffusive loops (area < l_tr^2) keep part of the
# correction until B >> B_tr, so A < 1/3 (docs/theory/weak_localization.md#pitfalls, item 2).
l_tr = 2 / np.pi * fits["orthogonal (B = 0)"][3]
phi_tr = 1 / (4 * np.pi * l_tr**2)
low = phis <= 2 * phi_tr
c_dirty = theory.dirty_wire_field_parameter(1.0, length, width)
fit = physics.measurements.fit_coherent_wire_magnetoconductance(
    phis[low], delta_g[low], delta_error[low])
c_fit, a_fit, chi2, dof = fit["scale"], fit["amplitude"], fit["chi2"], fit["dof"]
cov = np.diag([fit["scale_error"] ** 2, fit["amplitude_error"] ** 2])


def model(phi, c, a):
    return 3 * a * (1 / 3 - theory.coherent_wire_wl(c * phi))


checks.add("reduced chi^2, coherent-wire shape below 2 B_tr", chi2, np.sqrt(2 / dof), 1.0,
           3 * np.sqrt(2 / dof),
           note=f"c = {c_fit:.0f} ± {np.sqrt(cov[0, 0]):.0f} (dirty limit {c_dirty:.0f}); "
                f"amplitude {a_fit:.3f} ± {np.sqrt(cov[1, 1]):.3f}")
print(f"field scale c = {c_fit:.0f} ± {np.sqrt(cov[0, 0]):.0f} (dirty limit {c_dirty:.0f}, "
      f"ratio {c_fit / c_dirty:.2f}); amplitude {a_fit:.3f} ± {np.sqrt(cov[1, 1]):.3f} "
      f"(1/3 if all loops were diffusive); phi_tr = {phi_tr:.1e}")

# %% Figure
fig, (ax_l, ax_b) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for (label, (lengths, means, errors, l, dl, delta, ddelta)), color in zip(fits.items(),
                                                                           ("C0", "C1")):
    s = lengths / l
    ax_l.errorbar(s, means - n_channels / (1 + s), errors, fmt="o", color=color,
                  label=f"{label}: l = {l:.1f} a, δ = {delta:.3f} ± {ddelta:.3f}")
    grid = np.linspace(1.5, 6.5, 100)
    ax_l.plot(grid, delta * (1 - (1 + grid) ** -3), color=color, lw=1)
for value, style in ((-1 / 3, "k--"), (0, "k:")):
    ax_l.plot(grid, value * (1 - (1 + grid) ** -3), style, lw=1)
ax_l.set_xlabel("s = L / l")
ax_l.set_ylabel("<g> − N/(1+s)  (e²/h)")
ax_l.set_title("Zero-field correction: −1/3 (dashed) versus 0 (dotted)")
ax_l.legend(fontsize=8)
ax_b.errorbar(np.concatenate([-phis[::-1], [0], phis]),
              np.concatenate([delta_g[::-1], [0], delta_g]),
              np.concatenate([delta_error[::-1], [0], delta_error]), fmt="o",
              label=f"simulation, {n_seeds} seeds per field")
grid = np.linspace(-2 * phi_tr, 2 * phi_tr, 400)
ax_b.plot(grid, model(np.abs(grid), c_fit, a_fit), "C1-",
          label=f"3A[1/3 − f(cφ)]: c = {c_fit:.0f} (dirty limit {c_dirty:.0f}), A = {a_fit:.2f}")
for sign in (-1, 1):
    ax_b.axvline(sign * phi_tr, color="0.6", ls="--", lw=1)
ax_b.text(phi_tr, 0.25, " B_tr", color="0.4")
ax_b.axhline(1 / 3, color="k", ls=":", lw=1, label="full suppression 1/3")
ax_b.set_xlabel("φ (h/e per plaquette)")
ax_b.set_ylabel("Δg = <g(φ) − g(0)> (e²/h)")
ax_b.set_title(f"WL peak of a {width}x{length} wire (φ < 0 mirrored: g(−φ) = g(φ))", fontsize=10)
ax_b.legend(fontsize=8)
checks.save_figure(fig)


# %% Interactive explorer: the magnetoconductance ensemble, field slider
def explorer():
    import holoviews as hv
    hv.extension("bokeh", logo=False)
    frames = {}
    edges = np.linspace(-1.5, 1.5, 41)
    for phi, diff, mean in zip(phis, per_seed, delta_g):
        counts, _ = np.histogram(diff, bins=edges, density=True)
        frames[float(phi)] = (hv.Histogram((edges, counts), kdims=["g(φ) − g(0) (e²/h)"],
                                           vdims=["probability density"])
                              * hv.VLine(mean).opts(color="red"))
    return hv.HoloMap(frames, kdims=["phi (h/e per plaquette)"]).opts(
        hv.opts.Histogram(width=650, height=350, title="Sample-to-sample spread of "
                          "g(φ) − g(0); red: ensemble mean Δg (the WL peak)"))


checks.save_interactive(explorer())
checks.save()
