"""A device of any shape: a polygon or shape function on any lattice, with leads on any side.

This is the public extension point for users' own geometries (the five
built-in devices are thin definitions on the same machinery)::

    import devices
    qpc = devices.ShapedDevice(
        shape=devices.Polygon.rectangle(0, 0, 80, 60),
        leads=[devices.Lead("left"), devices.Lead("right")],
        potential=split_gate)                     # V(x, y, v_gate=0.0) in t
    physics.conductance(qpc, 1.0, v_gate=0.8)

See `devices.geometry` for the conventions of shapes and leads.
"""

import dataclasses

import numpy as np

from .base import Device
from .geometry import Lead, Polygon, region_sites
from .lattices import LATTICES
from .validation import check_flag, check_real, check_site_count

__all__ = ["ShapedDevice", "graphene_ribbon"]


@dataclasses.dataclass(frozen=True)
class ShapedDevice(Device):
    """A device whose scattering region is a shape on a lattice, with any number of leads.

    Parameters
    ----------
    shape : devices.Polygon or callable
        The region: a polygon (holes allowed) in lattice constants, or a
        Kwant-style shape function ``shape(pos) -> bool`` together with
        ``start`` or ``bounds``.
    leads : sequence of devices.Lead
        The leads, numbered in this order.
    lattice : {'square', 'cubic', 'honeycomb'}
        Lattice of the sites (`devices.lattices`); honeycomb energies are
        measured from the Dirac point.
    spin : bool
        Two orbitals per site (``rashba``, ``zeeman``, ``so_disorder``).
    start : sequence of float, optional
        A position inside a shape function's region: the region is what is
        connected to it (Kwant's flood fill).
    bounds : pair of sequences of float, optional
        A box around a shape function's region: every site in it is tested.
    flux_cut : (float, float), optional
        Start (x, y) of an Aharonov-Bohm branch cut, the half-line going up
        from it, x between two columns of sites: enables the ``flux``
        parameter (flux in h/e through the hole the cut starts in).
    potential : callable or array, optional (keyword)
        See `devices.Device`.

    Examples
    --------
    >>> ring = devices.ShapedDevice(
    ...     shape=devices.Polygon(devices.Polygon.disk((0, 0), 30),
    ...                           holes=[devices.Polygon.disk((0, 0), 18)]),
    ...     leads=[devices.Lead("left", center=0, width=8), devices.Lead("right", center=0, width=8)],
    ...     flux_cut=(0.5, 0.0))
    """

    shape: object
    leads: tuple
    lattice: str = "square"
    spin: bool = False
    start: tuple | None = None
    bounds: tuple | None = None
    flux_cut: tuple | None = None

    def _validate(self):
        if self.lattice not in LATTICES:
            raise ValueError(f"lattice must be one of {', '.join(LATTICES)}, got {self.lattice!r}")
        if not (isinstance(self.shape, Polygon) or callable(self.shape)):
            raise TypeError(f"shape must be a devices.Polygon or a function of a position, "
                            f"got {type(self.shape).__name__}")
        leads = (self.leads,) if isinstance(self.leads, Lead) else self.leads
        if isinstance(leads, (str, bytes)) or not hasattr(leads, "__iter__"):
            raise TypeError(f"leads must be a sequence of devices.Lead, got {self.leads!r}")
        leads = tuple(leads)
        for k, lead in enumerate(leads):
            if not isinstance(lead, Lead):
                raise TypeError(f"leads[{k}] must be a devices.Lead, got {type(lead).__name__}")
        object.__setattr__(self, "leads", leads)
        for name in ("start", "flux_cut"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(check_real(f"{name}[{k}]", c)
                                                     for k, c in enumerate(value)))
        if self.flux_cut is not None and len(self.flux_cut) != 2:
            raise ValueError(f"flux_cut must be a point (x, y), got {self.flux_cut}")
        if self.bounds is not None:
            object.__setattr__(self, "bounds", tuple(
                tuple(check_real(f"bounds[{i}][{k}]", c) for k, c in enumerate(corner))
                for i, corner in enumerate(self.bounds)))
        if isinstance(self.shape, Polygon) and (self.start or self.bounds):
            raise TypeError("start and bounds are for shape functions; a Polygon has its own")
        check_site_count(type(self).__name__, self.estimated_sites())  # before the geometry
        check_flag("spin", self.spin)
        self.geometry  # resolve now: bad shapes and leads are reported before anything is built

    @property
    def lattice_name(self):
        return self.lattice

    @property
    def aharonov_bohm_cut(self):
        return self.flux_cut

    def estimated_sites(self):
        """Sites in the shape's bounding box (polygon) or ``bounds`` (shape function)."""
        if isinstance(self.shape, Polygon):
            (x0, y0), (x1, y1) = self.shape.bounds
            extent = [x1 - x0 + 1, y1 - y0 + 1]
        elif self.bounds is not None:
            extent = [b - a + 1 for a, b in zip(*self.bounds)]
        else:
            return None
        cell = abs(np.linalg.det(self.site_lattice.prim_vecs[:len(extent), :len(extent)]))
        sites_per_cell = len(self.site_lattice.families)
        return float(np.prod(extent)) * sites_per_cell / cell

    def region(self):
        return region_sites(self.site_lattice, self.shape, start=self.start, bounds=self.bounds)

    def lead_specs(self):
        return list(self.leads)

    @property
    def n_sites(self):
        """Number of sites of the region before the leads are attached."""
        return len(self.geometry.tags)

    def region_positions(self):
        """Positions (lattice constants) of the region's sites before the leads are attached."""
        g = self.geometry
        return self.site_lattice.positions(g.sublattice, g.tags)


def graphene_ribbon(edge, width, length, *, spin=False, potential=None):
    """A clean-edged honeycomb (graphene) ribbon between two leads of the same ribbon.

    Parameters
    ----------
    edge : {'zigzag', 'armchair'}
        Edge type.  Zigzag ribbons run along x (leads left and right), armchair
        ribbons along y (leads bottom and top), in Kwant's honeycomb orientation.
    width : int
        Zigzag: the number N of zigzag chains (2N sites per unit cell);
        armchair: the number N of dimer lines (2N sites per unit cell; metallic
        for N = 3m + 2).
    length : float
        Length of the scattering region along the ribbon (lattice constants a;
        the C-C distance is a/sqrt 3).  A zigzag ribbon's ends are cut along
        (1/2, sqrt 3/2) (a parallelogram), the boundary of Kwant's lead unit cell.
    spin : bool
    potential : callable or array, optional

    Returns
    -------
    ShapedDevice
    """
    import math
    from .validation import check_length, check_size
    width = check_size("width", width)
    length = check_length("length", length)
    root3 = math.sqrt(3.0)
    margin = 1e-6
    if edge == "zigzag":
        # Rows of B sites at y = -1/(2 sqrt 3) and of A sites at y = (N - 1) sqrt 3 / 2 are
        # the edges: every edge site keeps two neighbours.  The ends are cut along (1/2,
        # sqrt 3/2), the boundary of the unit cell Kwant gives a lead along x on this lattice,
        # so that attaching the leads adds no site (a vertical cut would grow a wedge of
        # ~W/sqrt 3 at each end).
        y0, y1 = -0.5 / root3 - margin, (width - 1) * root3 / 2 + margin
        shape = Polygon([(y0 / root3 - margin, y0), (length + y0 / root3 - margin, y0),
                         (length + y1 / root3 - margin, y1), (y1 / root3 - margin, y1)])
        # Every row across (the default window would hold only the rows at the slanted end).
        across = dict(center=0.5 * (y0 + y1), width=y1 - y0 + 0.2)
        leads = [Lead("left", **across), Lead("right", **across)]
    elif edge == "armchair":
        shape = Polygon.rectangle(-margin, 0.0, (width - 1) / 2 + margin, length)
        leads = [Lead("bottom"), Lead("top")]
    else:
        raise ValueError(f"edge must be 'zigzag' or 'armchair', got {edge!r}")
    return ShapedDevice(shape, leads, lattice="honeycomb", spin=spin, potential=potential)
