"""Level statistics across the Anderson transition
=================================================

The spectrum of a closed disordered box repels its levels in the metal
(random-matrix statistics of the symmetry class) and not in the insulator
(Poisson).  The ratio of consecutive spacings r = min(s_n, s_n-1)/max(s_n, s_n-1)
needs no unfolding; its mean is 0.5307 (GOE), 0.5996 (GUE), 0.6744 (GSE) and
2 ln 2 - 1 = 0.3863 (Poisson) (Oganesyan & Huse PRB 75, 155111 (2007); Atas et
al. PRL 110, 084101 (2013); docs/theory/thouless_and_levels.md#level-statistics).

Closed cubic boxes (the scattering region of devices.Block without leads,
hard walls), levels within ±1t of the band centre.  Orthogonal: spinless, no
field; unitary: fully random Peierls phases (random_flux = pi); symplectic:
spinful with Haar-random SU(2) hoppings (one level of each Kramers pair kept).
Across the transition <r> falls from GOE to Poisson; larger boxes (full run)
sharpen the drop around W_c, where the statistics is scale invariant.

Tolerances: ±0.005 (docs/theory/thouless_and_levels.md#level-statistics: deep metal and
insulator) combined in quadrature
with 3 standard errors of the mean ratio.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
from physics import spectra
from physics.ensembles.executors import process_pool

from _common import Checks, pick

checks = Checks("level_statistics")
window = (5.0, 7.0)
n_samples = pick(12, 60)


def mean_ratio(args):
    size, spin, params = args
    box = devices.Block(length=size, spin=spin)
    ratios = [spectra.spacing_ratios(spectra.closed_spectrum(box, seed=seed, **params),
                                     window=window, kramers=spin)
              for seed in range(n_samples)]
    r = np.concatenate(ratios)
    return r.mean(), r.std(ddof=1) / np.sqrt(r.size)


classes = [
    ("GOE: metal, W = 8", 10, False, dict(disorder=8.0), spectra.RATIO_GOE),
    ("Poisson: insulator, W = 50", 10, False, dict(disorder=50.0), spectra.RATIO_POISSON),
    ("GUE: random flux, W = 8", 10, False, dict(disorder=8.0, random_flux=np.pi),
     spectra.RATIO_GUE),
    ("GSE: SU(2) hoppings, W = 6", 8, True, dict(disorder=6.0, so_disorder=1.0),
     spectra.RATIO_GSE),
]
disorders = np.array(pick([6.0, 10.0, 14.0, 16.5, 19.0, 24.0, 35.0],
                          [4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 15.5, 16.5, 17.5, 19.0, 21.0, 24.0,
                           30.0, 40.0]))
box_sizes = pick([6, 10], [6, 8, 10, 12])
tasks = [(size, spin, params) for _, size, spin, params, _ in classes]
tasks += [(size, False, dict(disorder=w)) for size in box_sizes for w in disorders]
with process_pool() as pool:
    results = list(pool.map(mean_ratio, tasks))

for (label, _, _, _, expected), (mean, error) in zip(classes, results):
    checks.add(f"<r>, {label}", mean, error, expected, np.hypot(0.005, 3 * error))

# %%
curves = np.array(results[len(classes):]).reshape(len(box_sizes), len(disorders), 2)
fig, (ax, ax_c) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
for k, size in enumerate(box_sizes):
    ax.errorbar(disorders, curves[k, :, 0], curves[k, :, 1], fmt="o-", ms=4,
                label=f"L = {size}")
ax.axhline(spectra.RATIO_GOE, color="C0", ls=":", label="GOE 0.5307")
ax.axhline(spectra.RATIO_POISSON, color="k", ls=":", label="Poisson 0.3863")
ax.axvline(16.54, color="0.6", ls="--", label="W_c = 16.54")
ax.set_xlabel("disorder W (t)")
ax.set_ylabel("<r>")
ax.set_title("Orthogonal class: GOE in the metal, Poisson in the insulator", fontsize=10)
ax.legend(fontsize=8)
names = [c[0] for c in classes]
means = [r[0] for r in results[:len(classes)]]
errs = [r[1] for r in results[:len(classes)]]
ax_c.errorbar(range(len(classes)), means, errs, fmt="o", color="C3", label="simulation")
ax_c.plot(range(len(classes)), [c[4] for c in classes], "k_", ms=30, mew=2, label="theory")
ax_c.set_xticks(range(len(classes)), [n.split(":")[0] for n in names])
ax_c.set_ylabel("<r>")
ax_c.set_title("Symmetry classes (metal) and the insulator", fontsize=10)
ax_c.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
