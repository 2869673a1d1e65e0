"""Current flow in a disordered wire in a magnetic field
=======================================================

The particle current carried by all scattering states incoming from the left
lead of a disordered wire, computed with kwant.operator.Current.  The
elastic mean free path (about 25 a at this energy and disorder, THEORY §1) is
much shorter than the wire, so the flow is diffusive: it meanders around
disorder-induced obstacles, with classical paths bent by the field (cyclotron
radius k_F l_m^2 = 16 a).  The density of the states injected from the left
decreases along the wire, as for diffusion between a source and a drain.

Exact checks that the picture is physical:

* current conservation: the net current out of every interior site vanishes;
* the current through every cross-section equals the conductance g (Kwant's
  scattering states carry unit current, so sum_n <J> = sum_n T_n);
* Onsager: g(B) = g(-B) for this two-terminal device.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics

from _common import Checks, pick

checks = Checks("current_density")
wire = devices.Wire(width=pick(30, 40), length=pick(90, 120))
energy = 1.0
params = dict(disorder=1.5, seed=3, phi=0.01)  # l_m = (2 pi phi)^-1/2 = 4 a

# %%
current = physics.current_density(wire, energy, **params)
g = physics.conductance(wire, energy, **params)
fsyst = wire.finalized

divergence = physics.current_divergence(fsyst, current)
interface = np.concatenate(fsyst.lead_interfaces)
interior = np.setdiff1d(np.arange(len(fsyst.sites)), interface)
checks.add("max |div J| at interior sites", np.max(np.abs(divergence[interior])), 0, 0, 1e-10)

x = np.array([site.pos[0] for site in fsyst.sites])
pairs = physics.hoppings(fsyst)
through = [current[(x[pairs[:, 0]] == x0 + 1) & (x[pairs[:, 1]] == x0)].sum()
           for x0 in range(wire.length - 1)]
checks.add("max |I(cross-section) - g|", np.max(np.abs(np.array(through) - g)), 0, 0, 1e-9,
           "e^2/h")
g_reversed = physics.conductance(wire, energy, **{**params, "phi": -params["phi"]})
checks.add("g(B) - g(-B)", g - g_reversed, 0, 0, 1e-9, "e^2/h")

# %%
fig, (ax_j, ax_n) = plt.subplots(2, 1, figsize=(10, 7), layout="constrained")
physics.plotting.plot_current(wire, current, ax=ax_j)
ax_j.set_title(f"Current from lead 0 (left): W={wire.width}, L={wire.length}, "
               f"disorder={params['disorder']} t, phi={params['phi']} h/e, E={energy} t;  "
               f"g = {g:.3f} e²/h", fontsize=10)
density = physics.density(wire, energy, **params)
physics.plotting.plot_density(wire, density, ax=ax_n, label="Σ|ψ|² over modes (unit-current normalization)")
ax_n.set_title("Density of the scattering states from lead 0")
checks.save_figure(fig)
checks.save()
