"""Wave functions and current flow: wires and rings, with and without field
===========================================================================

The particle current carried by the scattering states incoming from the left
lead (kwant.operator.Current, summed over modes), drawn as streamlines, and
the density of those states.

* Disordered wire (W = 40, L = 120, E = 1t, disorder 1.5t; l ~ 25 a): the flow
  is diffusive and meanders around disorder-induced obstacles; the density of
  the injected states decreases along the wire, as for diffusion between a
  source and a drain.  A field bends the classical paths.
* Aharonov-Bohm ring: the current splits between the arms and recombines;
  the flux through the hole (here h/4e) changes how it divides.
* Edge states: a clean wide wire in a strong field (phi = 0.04, l_m = 2 a,
  first Landau level filled) carries the current in a narrow channel along
  one edge (skipping orbits), and disorder cannot backscatter it.

Exact checks that the pictures are physical: current conservation (zero net
current out of every interior site), the current through every cross-section
equals the conductance g (Kwant's scattering states carry unit current), and
the two-terminal Onsager relation g(B) = g(-B).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics

from _common import Checks, pick

checks = Checks("current_density")
cases = [
    ("disordered wire, B = 0", devices.Wire(width=pick(30, 40), length=pick(90, 120)), 1.0,
     dict(disorder=1.5, seed=3)),
    ("disordered wire, φ = 0.01", devices.Wire(width=pick(30, 40), length=pick(90, 120)), 1.0,
     dict(disorder=1.5, seed=3, phi=0.01)),
    ("ring, Φ = 0", devices.Ring(inner_radius=14, outer_radius=22, lead_width=8), 2.0,
     dict(disorder=0.5, seed=1)),
    ("ring, Φ = 1/4 h/e", devices.Ring(inner_radius=14, outer_radius=22, lead_width=8), 2.0,
     dict(disorder=0.5, seed=1, flux=0.25)),
    ("edge states, φ = 0.04", devices.Wire(width=40, length=pick(60, 100)), 0.35,
     dict(disorder=0.8, seed=2, phi=0.04)),
]

# %%
fig, axes = plt.subplots(len(cases), 2, figsize=(12, 3.2 * len(cases)), layout="constrained",
                         gridspec_kw=dict(width_ratios=[1, 1]))
worst_divergence, worst_flux, worst_onsager = 0.0, 0.0, 0.0
for row, (label, device, energy, params) in zip(axes, cases):
    current = physics.current_density(device, energy, **params)
    g = physics.conductance(device, energy, **params)
    fsyst = device.finalized
    divergence = physics.current_divergence(fsyst, current)
    interface = np.concatenate(fsyst.lead_interfaces)
    interior = np.setdiff1d(np.arange(len(fsyst.sites)), interface)
    worst_divergence = max(worst_divergence, np.max(np.abs(divergence[interior])))
    x = np.array([site.pos[0] for site in fsyst.sites])
    pairs = physics.hoppings(fsyst)
    columns = np.unique(x)
    through = [current[(x[pairs[:, 0]] == x0 + 1) & (x[pairs[:, 1]] == x0)].sum()
               for x0 in columns[:-1]]
    worst_flux = max(worst_flux, np.max(np.abs(np.array(through) - g)))
    reversed_params = dict(params, **{k: -v for k, v in params.items() if k in ("phi", "flux")})
    worst_onsager = max(worst_onsager,
                        abs(g - physics.conductance(device, energy, **reversed_params)))
    physics.plotting.plot_current(device, current, ax=row[0])
    row[0].set_title(f"{label}: current from the left lead, g = {g:.3f} e²/h", fontsize=9)
    density = physics.density(device, energy, **params)
    physics.plotting.plot_density(device, density, ax=row[1], label="Σ|ψ|² (unit-current modes)")
    row[1].set_title(f"{label}: density of the injected states (E = {energy} t)", fontsize=9)
checks.add("max |div J| at interior sites (all maps)", worst_divergence, 0, 0, 1e-10)
checks.add("max |I(cross-section) - g| (all maps)", worst_flux, 0, 0, 1e-9, "e²/h")
checks.add("max |g(B) - g(-B)| (all maps)", worst_onsager, 0, 0, 1e-9, "e²/h")
checks.save_figure(fig)


# %% Interactive explorer: current map versus field (holoviews, bokeh slider)
def explorer():
    import holoviews as hv
    hv.extension("bokeh", logo=False)
    wire = devices.Wire(width=30, length=60)
    fsyst = wire.finalized
    pairs = physics.hoppings(fsyst)
    tags = np.array([site.tag for site in fsyst.sites])
    frames = {}
    for phi in np.round(np.linspace(0, 0.04, pick(5, 11)), 4):
        current = physics.current_density(wire, 0.6, disorder=1.0, seed=4, phi=phi)
        # current through each site: half the sum of |J| on its bonds
        site_current = np.bincount(pairs[:, 0], weights=np.abs(current),
                                   minlength=len(tags)) / 2
        grid = np.zeros((wire.width, wire.length))
        grid[tags[:, 1], tags[:, 0]] = site_current
        frames[float(phi)] = hv.Image(grid[::-1], bounds=(0, 0, wire.length, wire.width),
                                      kdims=["x (a)", "y (a)"], vdims=["|J| through site"])
    return hv.HoloMap(frames, kdims=["phi (h/e per plaquette)"]).opts(
        hv.opts.Image(cmap="inferno", colorbar=True, width=700, height=380,
                      title="Current density of a 30x60 wire versus field"))


checks.save_interactive(explorer())
checks.save()
