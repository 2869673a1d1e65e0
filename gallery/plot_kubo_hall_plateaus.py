"""Quantum Hall plateaus from the Kubo formula: sigma_xy of disordered samples
============================================================================

The Hall conductivity of a sample without contacts.  At zero temperature the Kubo
formula for sigma_xy, written with v = i[H, r], depends on the Fermi projector
P = theta(E_F - H) alone,

sigma_xy = (4 pi / A_R) Im Tr_R [P x (1 - P) y P]   (e^2/h),

the trace taken over a region R in the bulk, away from the edges whose currents
cancel it over the whole sample (docs/theory/kubo.md#hall-conductivity-from-the-fermi-projector).
P is a Chebyshev expansion (N = 300 moments, the Fermi step smoothed over ~0.02 t),
the trace is stochastic: random-phase vectors on R (8 here), whose error is about
l_m / sqrt(A_R) per vector.

Samples: 100 x 100 films with hard walls (200 x 200 in the full run), bulk region
the central 60 x 60 (160 x 160), flux phi = 0.04 h/e per plaquette (magnetic length
l_m = 2 a, hbar omega_c = 0.50 t, Landau levels at 0.24, 0.71, 1.15 t with the lattice
correction of docs/theory/multiterminal.md#landau-levels), box disorder W = 1 and 2 t;
the clean sample uses the exact trace over 16 sites.  Sign: electrons in a field
along +z have sigma_xy = -nu e^2/h (j = sigma E; the Streda formula -dn/dphi), so that
sigma_xy = -1/R_xy with the four-terminal R_xy = +1/nu of the Landauer Hall bar.
The second panel is the density of states (KPM, the same samples): the Landau levels
broadened by the disorder; the plateaus sit in the gaps between them, where the
states are localized, and shrink as the levels broaden.  Between the plateaus the
marker of a finite region is not the thermodynamic sigma_xy: localized states whose
orbits (of the size of the localization length, which diverges at the level centres)
cross the region's boundary add part of their circulation, so the curves dip away
from the staircase there, the more the stronger the disorder.  This is not the
kernel: the exact projector of a 40 x 40 sample at W = 2 t shows the same dips
(docs/theory/kubo.md#hall-conductivity-from-the-fermi-projector).

Checks.  (a) The clean plateaus nu = 1, 2, 3 (exact trace, N = 1000 moments): -nu
within 1e-3 (the Jackson kernel's tails reach into the gaps and fall as ~N^-3.5:
1.3e-4, 6.6e-4, 1.8e-3 at N = 400; the figure's N = 300 curve is ~5e-3 short on the
third plateau).
(b) The W = 1 t plateaus nu = 1, 2, each averaged over the energies within 0.07 t of
the gap centre: -nu within 3 standard errors (the spread of the random vectors) + 2 %
(the smoothed Fermi step reaches into the tails of the broadened levels).
(c) The Kubo and Landauer routes agree: sigma_xy times the four-terminal R_xy of
disordered Hall bars (24 x 64, W = 1 t, four samples, on the nu = 2 plateau) is -1
within 3 standard errors + 2 %.

References: Thouless, Kohmoto, Nightingale and den Nijs, PRL 49, 405 (1982); Streda,
J. Phys. C 15, L717 (1982); Bianco and Resta, PRB 84, 241106 (2011).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics
from physics import theory
from physics.linear_response import chebyshev, hall_conductivity

from _common import Checks, pick

checks = Checks("kubo_hall_plateaus")
phi, moments = 0.04, 300
size, margin = pick(100, 200), 20
levels = theory.landau_level_energies(phi, 4, lattice_correction=True)
gaps = (levels[:-1] + levels[1:]) / 2
energies = np.round(np.arange(0.05, 1.301, 0.05), 6)
film = devices.ClosedSample(devices.Film(width=size, length=size), periodic=False)

# %%
# (a) The clean plateaus, exact trace over 16 bulk sites of a 30 x 30 sample.
clean_box = devices.ClosedSample(devices.Film(width=30, length=30), periodic=False)
clean = hall_conductivity(clean_box, energies, moments, margin=13, num_vectors=None, phi=phi)
clean_gaps = hall_conductivity(clean_box, gaps[:3], 1000, margin=13, num_vectors=None,
                               phi=phi).mean
for nu, value in enumerate(clean_gaps, start=1):
    checks.add(f"(a) clean sigma_xy, plateau nu = {nu}", value, 0.0, -nu, 1e-3, "e²/h",
               note="exact trace over 16 bulk sites, gap centre, N = 1000")

# %%
# (b) Disordered samples: the plateaus within the stochastic error.
results, dos = {}, {}
for disorder in (1.0, 2.0):
    results[disorder] = hall_conductivity(film, energies, moments, margin=margin,
                                          num_vectors=8, seeds=(3,), phi=phi,
                                          disorder=disorder)
    h = film.hamiltonian(seed=3, phi=phi, disorder=disorder)
    dense = np.linspace(0.02, 1.5, 150)
    dos[disorder] = chebyshev.density_of_states(h, dense, moments, num_vectors=2, seed=1)[0]
weak = results[1.0]
for nu in (1, 2):
    window = np.abs(energies - gaps[nu - 1]) < 0.07
    value = weak.mean[window].mean()
    error = weak.error[window].mean()  # the energies share the vectors: not independent
    checks.add(f"(b) W = 1 t: sigma_xy on plateau nu = {nu}", value, error, -nu,
               3 * error + 0.02 * nu, "e²/h",
               note=f"{window.sum()} energies within 0.07 t of {gaps[nu - 1]:.2f} t; "
                    f"bulk region {weak.region_sites} sites")

# %%
# (c) The Landauer route: disordered Hall bars on the nu = 2 plateau.
bar = devices.HallBar(width=24, length=64, arm_width=10)
on_plateau = float(energies[np.argmin(np.abs(energies - gaps[1]))])
r_xy = np.array([physics.hall_resistances(physics.conductance_matrix(
    bar, on_plateau, phi=phi, disorder=1.0, seed=seed))[1] for seed in range(4)])
kubo_value = float(weak.mean[energies == on_plateau][0])
kubo_error = float(weak.error[energies == on_plateau][0])
product = kubo_value * r_xy.mean()
product_error = np.hypot(kubo_error * r_xy.mean(), kubo_value * r_xy.std(ddof=1) / 2)
checks.add(f"(c) Kubo sigma_xy x Landauer R_xy at E = {on_plateau} t", product, product_error,
           -1.0, 3 * product_error + 0.02,
           note=f"R_xy = {r_xy.mean():.6f} ± {r_xy.std(ddof=1) / 2:.1e} h/e² (4 bars)")

# %%
fig, (ax, ax_dos) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
# At a clean Landau level the Fermi energy sits in a flat band: no sigma_xy is defined there.
in_gap = np.min(np.abs(energies[:, None] - levels[None, :]), axis=1) > 3 * clean.resolution
ax.plot(energies, np.where(in_gap, clean.mean, np.nan), "k-", lw=1,
        label="clean (exact trace), in the gaps")
for (disorder, result), colour in zip(results.items(), ("C0", "C3")):
    ax.errorbar(energies, result.mean, result.error, fmt="o", ms=3, color=colour,
                label=f"W = {disorder:g} t, {size}² sample")
for nu in (1, 2, 3):
    ax.axhline(-nu, color="0.7", lw=0.6)
for level in levels[:3]:
    ax.axvline(level, color="0.7", ls=":", lw=0.8)
ax.set_xlabel("E_F (t from the band bottom)")
ax.set_ylabel("σ_xy (e²/h)")
ax.set_title(f"Kubo Hall conductivity, φ = {phi} h/e per plaquette")
ax.legend(fontsize=8)
for (disorder, values), colour in zip(dos.items(), ("C0", "C3")):
    ax_dos.plot(dense, values, color=colour, label=f"W = {disorder:g} t")
for level in levels[:3]:
    ax_dos.axvline(level, color="0.7", ls=":", lw=0.8)
ax_dos.set_xlabel("E (t from the band bottom)")
ax_dos.set_ylabel("density of states (1/t per site)")
ax_dos.set_title("Landau levels broadened by the disorder (KPM)")
ax_dos.legend(fontsize=8)
checks.save_figure(fig)
checks.save()
