"""Electrostatic surface gates: the potential they make in a buried 2DEG.

A gate is a polygon (holes allowed) on the surface ``z = 0`` held at a voltage
V; the 2DEG lies at depth ``d`` below it.  With the exposed surface held at
zero potential (pinned Fermi level) and no screening by the 2DEG (the
frozen-surface electrostatics of Davies, Larkin and Sukhorukov, J. Appl. Phys.
77, 4504 (1995)), Laplace's equation in the half space gives

    phi(x, y, d) = V Omega(x, y, d) / (2 pi),

with Omega the solid angle the gate subtends at the point of the 2DEG
(docs/theory/gates.md).  Directly under a large gate phi -> V; far away it
falls as the gate's area over the distance cubed.  An electron feels the
potential energy ``-e phi``: a negative gate voltage repels it.

* `solid_angle`: Omega of a polygon, exact, from a sum over its edges (the
  van Oosterom-Strackee triangle formula), for any simple polygon.
* `rectangle_gate_potential`: the closed form of Davies et al. for a
  rectangle, the independent check of `solid_angle`.
* `GatePotential`: the potential energy (meV) of several gates, each with
  its voltage (V) a keyword parameter, in the form `devices.Units.potential`
  takes.
"""

import inspect

import numpy as np

from .validation import check_positive, check_real

__all__ = ["solid_angle", "rectangle_gate_potential", "GatePotential"]


def _ring_solid_angle(ring, x, y, depth):
    """Signed solid angle of one closed outline ``ring`` (n, 2) seen from (x, y, -depth)."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    foot = np.array([0.0, 0.0, depth])  # from the point up to the surface, below (x, y)
    total = np.zeros(x.shape)
    for (x0, y0), (x1, y1) in zip(ring, np.roll(ring, -1, axis=0)):
        # Triangle (foot, vertex k, vertex k+1) seen from the point: vectors r1, r2, r3.
        r2 = np.stack([x0 - x, y0 - y, np.full(x.shape, depth)], axis=-1)
        r3 = np.stack([x1 - x, y1 - y, np.full(x.shape, depth)], axis=-1)
        n2, n3 = np.linalg.norm(r2, axis=-1), np.linalg.norm(r3, axis=-1)
        triple = depth * (r2[..., 0] * r3[..., 1] - r2[..., 1] * r3[..., 0])
        denominator = (depth * n2 * n3 + depth**2 * n3 + depth**2 * n2
                       + np.sum(r2 * r3, axis=-1) * depth)
        total += 2 * np.arctan2(triple, denominator)
    return total


def _signed_area(ring):
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def solid_angle(exterior, x, y, depth, holes=()):
    """Solid angle (sr) a surface polygon subtends at points a depth below the surface.

    Parameters
    ----------
    exterior : array_like, shape (n, 2)
        The polygon's vertices in order (either orientation), in the unit of
        ``x``, ``y`` and ``depth``.
    x, y : array_like
        Positions in the plane of the 2DEG (broadcast together).
    depth : float
        Distance of that plane below the surface (positive).
    holes : sequence of array_like
        Outlines of holes in the polygon.

    Returns
    -------
    numpy.ndarray
        Omega in [0, 2 pi]: 2 pi directly under an infinite gate.
    """
    depth = check_positive("depth", depth)
    omega = 0.0
    for k, ring in enumerate([exterior, *holes]):
        ring = np.asarray(ring, dtype=float)
        if ring.ndim != 2 or ring.shape[1] != 2 or len(ring) < 3:
            raise ValueError(f"polygon outline {k} must be at least 3 points (x, y), "
                             f"got shape {ring.shape}")
        sign = np.sign(_signed_area(ring)) * (1 if k == 0 else -1)
        omega = omega + sign * _ring_solid_angle(ring, x, y, depth)
    return np.asarray(omega)


def rectangle_gate_potential(x, y, bounds, depth):
    """phi / V under a rectangular gate: the closed form of Davies et al. (1995).

    Parameters
    ----------
    x, y : array_like
        Positions in the 2DEG plane.
    bounds : (x_min, y_min, x_max, y_max)
        The gate rectangle (same unit as ``x``, ``y``, ``depth``).
    depth : float
        Depth of the 2DEG below the surface.

    Returns
    -------
    numpy.ndarray
        ``(1/2 pi) sum g(u, v)`` over the four corners, ``g(u, v) = arctan(u v / (d R))``,
        ``R = sqrt(u^2 + v^2 + d^2)``, u, v the distances to the edges.
    """
    d = check_positive("depth", depth)
    left, bottom, right, top = (check_real("bounds", b) for b in bounds)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def g(u, v):
        return np.arctan(u * v / (d * np.sqrt(u**2 + v**2 + d**2)))

    return (g(x - left, y - bottom) + g(x - left, top - y) + g(right - x, y - bottom)
            + g(right - x, top - y)) / (2 * np.pi)


class GatePotential:
    """Potential energy (meV) of electrons under surface gates, each at its own voltage.

    Call as ``potential(x, y, **voltages)`` with positions in nm and one keyword
    per gate, ``v_<name>`` in volts (default 0): the energy is
    ``-e sum_g V_g Omega_g / (2 pi)``, i.e. ``-1000 V_g`` meV directly under a
    large gate (times ``lever_arm``).  `devices.Units.potential` makes it a device potential in
    lattice units whose gate voltages are solve-time parameters.

    Parameters
    ----------
    gates : dict
        ``{name: [(exterior, holes), ...]}``: each gate's polygons in nm
        (non-overlapping; `devices.from_layout` merges overlapping ones).
    depth : float
        Depth of the 2DEG below the surface (nm).
    lever_arm : float
        Fraction of the bare potential the electrons feel (1: the bare potential;
        screening by the 2DEG and by dopants makes it smaller).
    """

    def __init__(self, gates, depth, lever_arm=1.0):
        self.depth = check_positive("depth", depth)
        self.lever_arm = check_positive("lever_arm", lever_arm)
        self.gates = {}
        for name, polygons in dict(gates).items():
            if not str(name).isidentifier():
                raise ValueError(f"gate name {name!r} must be an identifier (its voltage is "
                                 f"the parameter v_{name})")
            self.gates[str(name)] = [(np.asarray(e, dtype=float),
                                      [np.asarray(h, dtype=float) for h in holes])
                                     for e, holes in polygons]
        if not self.gates:
            raise ValueError("gates: at least one gate is needed")
        self.__signature__ = inspect.Signature(
            [inspect.Parameter(c, inspect.Parameter.POSITIONAL_OR_KEYWORD) for c in "xy"]
            + [inspect.Parameter(f"v_{name}", inspect.Parameter.KEYWORD_ONLY, default=0.0)
               for name in self.gates])
        self.__name__ = self.__qualname__ = "GatePotential"

    @property
    def parameter_names(self):
        """The voltage parameters, ``v_<gate name>`` (V)."""
        return tuple(f"v_{name}" for name in self.gates)

    def lever(self, name, x, y):
        """Omega / 2 pi of gate ``name`` at (x, y) in nm: phi / V there."""
        return sum(solid_angle(e, x, y, self.depth, holes) for e, holes in self.gates[name]) \
            / (2 * np.pi)

    def __call__(self, x, y, **voltages):
        unknown = set(voltages) - set(self.parameter_names)
        if unknown:
            raise TypeError(f"unknown gate voltage(s) {', '.join(sorted(unknown))}; the gates "
                            f"are {', '.join(self.parameter_names)}")
        energy = np.zeros(np.broadcast(np.asarray(x), np.asarray(y)).shape)
        for name in self.gates:
            voltage = float(voltages.get(f"v_{name}", 0.0))
            if voltage:
                energy = energy - 1000.0 * self.lever_arm * voltage * self.lever(name, x, y)
        return energy

    def __reduce__(self):
        gates = {name: [(e.tolist(), [h.tolist() for h in holes]) for e, holes in polygons]
                 for name, polygons in self.gates.items()}
        return (GatePotential, (gates, self.depth, self.lever_arm))
