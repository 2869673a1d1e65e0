"""Your own device: a drawn geometry, and your own Kwant system
============================================================

Two ways to simulate a device that is not one of the built-in ones.

* Drawn: a Y-junction (a stem and two arms at +-45 degrees, with a circular antidot at the
  fork) drawn as a polygon with a hole, `devices.ShapedDevice(devices.Polygon(outline,
  holes=[...]), leads=[devices.Lead("left"), devices.Lead((1, 1)), devices.Lead((1, -1))])`.
  The diagonal leads repeat with the lattice vector (1, 1) or (1, -1); each lead gets the
  gauge A = -B v d (d its direction, v the coordinate across it), joined to the Landau
  gauge of the junction by an exact lattice gauge transformation, so a field is allowed.
  The model (disorder, field, the junction's own potential) is the project's: the fast
  solver and Kwant's value functions evaluate the same terms.
* Your own Kwant system: a disk-shaped quantum dot with two leads written as a Kwant user
  writes it (a builder, scalar value functions taking `disorder`, `seed` and `phi` by
  name, Kwant's digest for reproducible disorder), passed to `devices.from_kwant`.  Its
  parameters are the names its value functions take; the fast sparse solver uses Kwant's
  own Hamiltonian, with the lead self-energies cached and the MUMPS analysis reused.

The maps show the particle current injected from lead 0 (streamlines, width ~ ``|J|``).

Checks, all exact: current conservation at every interior site; the fast solvers equal
`kwant.smatrix` (1e-10); the conductance matrix conserves current (rows and columns sum
to zero); Onsager's reciprocity G(B) = G(-B)^T for one disordered realization.
"""

# %%
import kwant
import matplotlib.pyplot as plt
import numpy as np

import devices
import physics

from _common import Checks, pick

checks = Checks("own_device")
scale = pick(1.0, 1.5)


def y_junction(scale):
    """Outline of a stem (along x, half-width h) forking at x = s into arms along (1, +-1)."""
    h, s, arm = 6 * scale, 20 * scale, 26 * scale
    c = np.sqrt(0.5)
    fork = s + 4 * h * c - h  # where the two arms' inner edges meet on the axis
    lower = [(s, -h), (s + arm * c, -h - arm * c), (s + arm * c + 2 * h * c, -h - arm * c + 2 * h * c)]
    upper = [(x, -y) for x, y in lower[::-1]]
    return [(0, -h), *lower, (fork, 0), *upper, (0, h)]


antidot = devices.Polygon.disk((20 * scale + 4 * scale, 0), 2.5 * scale, segments=32)
junction = devices.ShapedDevice(
    devices.Polygon(y_junction(scale), holes=[antidot]),
    [devices.Lead("left"), devices.Lead((1, 1)), devices.Lead((1, -1))])


def dot_builder(radius=pick(14, 20), lead_width=6):
    """A disordered disk-shaped dot with two leads, written in plain Kwant."""
    lat = kwant.lattice.square(norbs=1)
    syst = kwant.Builder()

    def onsite(site, disorder, seed):
        return 4 + disorder * (kwant.digest.uniform(repr(site.tag), salt=str(seed)) - 0.5)

    def hopping(to_site, from_site, phi):  # Landau gauge A = (-B y, 0): invariant along x
        (x1, y1), (x0, y0) = to_site.pos, from_site.pos
        return -np.exp(-1j * np.pi * phi * (x1 - x0) * (y1 + y0))

    syst[lat.shape(lambda pos: np.hypot(*pos) < radius, (0, 0))] = onsite
    syst[lat.neighbors()] = hopping
    lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    lead[(lat(0, y) for y in range(-lead_width // 2, lead_width // 2))] = 4
    lead[lat.neighbors()] = hopping
    syst.attach_lead(lead)
    syst.attach_lead(lead.reversed())
    return syst


dot = devices.from_kwant(dot_builder())

# %% Checks and maps
energy = 1.0
params = {"junction": dict(disorder=0.8, seed=2, phi=0.004), "dot": dict(disorder=1.0, seed=2,
                                                                         phi=0.004)}
worst = dict(divergence=0.0, kwant=0.0, sums=0.0, onsager=0.0)
fig, axes = plt.subplots(1, 2, figsize=(13, 5.2), layout="constrained")
for ax, (label, device) in zip(axes, [("junction", junction), ("dot", dot)]):
    p = params[label]
    matrix = physics.conductance_matrix(device, energy, **p)
    reference = physics.conductance_matrix(device, energy, solver="kwant", **p)
    worst["kwant"] = max(worst["kwant"], np.max(np.abs(matrix - reference)))
    worst["sums"] = max(worst["sums"], np.max(np.abs(matrix.sum(axis=0))),
                        np.max(np.abs(matrix.sum(axis=1))))
    reverse = physics.conductance_matrix(device, energy, **dict(p, phi=-p["phi"]))
    worst["onsager"] = max(worst["onsager"], np.max(np.abs(matrix - reverse.T)))
    current = physics.current_density(device, energy, **p)
    fsyst = device.finalized
    divergence = physics.current_divergence(fsyst, current)
    interior = np.setdiff1d(np.arange(len(fsyst.sites)), np.concatenate(fsyst.lead_interfaces))
    worst["divergence"] = max(worst["divergence"], np.max(np.abs(divergence[interior])))
    physics.plotting.plot_current(device, current, ax=ax)
    g = -matrix[1:, 0]
    ax.set_title(f"{label}: current from lead 0, T_k0 = {', '.join(f'{x:.2f}' for x in g)} "
                 "e²/h", fontsize=10)
checks.add("max |div J| at interior sites (both maps)", worst["divergence"], 0, 0, 1e-10)
checks.add("max |G_fast - G_kwant.smatrix| (both devices)", worst["kwant"], 0, 0, 1e-10, "e²/h")
checks.add("max |row or column sum of G| (both devices)", worst["sums"], 0, 0, 1e-10, "e²/h")
checks.add("max |G(B) - G(-B)^T| (both devices)", worst["onsager"], 0, 0, 1e-10, "e²/h")
checks.save_figure(fig)
checks.save()
