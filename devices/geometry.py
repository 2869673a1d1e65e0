"""Device geometry: shapes (polygons with holes, Kwant-style shape functions) and leads.

A device is a region of lattice sites (the scattering region) and a list of
semi-infinite leads.  This module turns a user's description into both, and
checks it before anything is built:

* `Polygon`: an outline in lattice constants, with holes (rings, antidots);
  a site belongs to the region when its position is inside or on the
  boundary.  A *shape function* ``shape(pos) -> bool`` (Kwant's convention)
  with a ``start`` site inside it (flood fill from there, as
  ``kwant.lattice.Monatomic.shape``) or with a bounding box is accepted too.
* `Lead`: a side of the device (``'left'``, ``'right'``, ``'bottom'``,
  ``'top'``, or the direction pointing out of the device), and the centre and
  width of its cross-section.  The lead holds the lattice rows whose transverse
  coordinate ``v`` satisfies ``|v - center| < width / 2``: on the square lattice
  N rows centred on ``center`` need ``width = N``.
* `resolve_leads`: one period of each lead's cross-section just beyond the
  region, the lattice vector it repeats with, and the gauge that makes the
  vector potential translation invariant along it (see `LeadGeometry.gauge`).

Bad input (an empty or self-intersecting polygon, a lead that does not touch
the region, two leads that overlap, a width that is not positive) raises a
ValueError naming it.
"""

import dataclasses
import math
import numbers

import numpy as np

from .validation import check_real

__all__ = ["Polygon", "Lead", "LeadGeometry", "SIDES", "region_sites", "resolve_leads"]

#: Named sides: the direction pointing out of the device.
SIDES = {"left": (-1.0, 0.0), "right": (1.0, 0.0), "bottom": (0.0, -1.0), "top": (0.0, 1.0)}
_TOLERANCE = 1e-9
#: A default lead window reaches this far (lattice constants) beyond the outermost rows.
_EDGE_MARGIN = 0.1


@dataclasses.dataclass(frozen=True)
class Polygon:
    """A polygon in lattice constants, optionally with holes.

    Parameters
    ----------
    exterior : sequence of (x, y)
        Vertices of the outline, in order (either orientation; not closed: the
        last vertex connects to the first).
    holes : sequence of sequences of (x, y)
        Outlines of holes, each inside the exterior.

    Examples
    --------
    >>> ring = Polygon([(-30, -30), (30, -30), (30, 30), (-30, 30)],
    ...                holes=[[(-10, -10), (10, -10), (10, 10), (-10, 10)]])
    """

    exterior: tuple
    holes: tuple = ()

    def __post_init__(self):
        exterior = self.exterior.exterior if isinstance(self.exterior, Polygon) else self.exterior
        object.__setattr__(self, "exterior", _points("exterior", exterior))
        if isinstance(self.holes, (str, bytes)) or not hasattr(self.holes, "__iter__"):
            raise TypeError(f"holes must be a sequence of outlines, got {self.holes!r}")
        holes = [hole.exterior if isinstance(hole, Polygon) else hole for hole in self.holes]
        object.__setattr__(self, "holes", tuple(_points(f"holes[{k}]", hole)
                                                for k, hole in enumerate(holes)))
        self._check()

    @classmethod
    def rectangle(cls, x0, y0, x1, y1):
        """The rectangle with corners (x0, y0) and (x1, y1)."""
        return cls([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])

    @classmethod
    def disk(cls, center, radius, segments=128):
        """A regular polygon of ``segments`` vertices approximating a disk (dots, holes)."""
        angles = 2 * np.pi * np.arange(segments) / segments
        return cls([(center[0] + radius * math.cos(a), center[1] + radius * math.sin(a))
                    for a in angles])

    def _shapely(self):
        import shapely
        return shapely.Polygon(self.exterior, self.holes)

    def _check(self):
        import shapely
        import shapely.validation
        if len(set(self.exterior)) < 3 or _collinear(self.exterior):
            raise ValueError("polygon: the exterior encloses no area (fewer than 3 distinct "
                             "vertices, or all on a line)")
        polygon = self._shapely()
        if not polygon.is_valid:
            reason = shapely.validation.explain_validity(polygon)
            raise ValueError(f"polygon is not a simple polygon: {reason} (a self-intersecting "
                             "outline, or a hole outside the exterior or crossing it)")
        if polygon.area <= 0:
            raise ValueError("polygon: the exterior encloses no area")

    @property
    def bounds(self):
        """((x_min, y_min), (x_max, y_max)) in lattice constants."""
        x0, y0, x1, y1 = self._shapely().bounds
        return (x0, y0), (x1, y1)

    def contains(self, positions):
        """True for the positions (n, 2) inside the polygon or on its boundary."""
        import shapely
        polygon = self._shapely()
        positions = np.asarray(positions, dtype=float)
        inside = shapely.contains_xy(polygon, positions[:, 0], positions[:, 1])
        boundary = shapely.dwithin(polygon.boundary,
                                   shapely.points(positions[:, 0], positions[:, 1]), _TOLERANCE)
        return inside | boundary

    def scaled(self, factor):
        """The same polygon with every coordinate multiplied by ``factor`` (unit changes)."""
        return Polygon([(x * factor, y * factor) for x, y in self.exterior],
                       [[(x * factor, y * factor) for x, y in hole] for hole in self.holes])


def _collinear(points):
    array = np.asarray(points, dtype=float)
    vectors = array[1:] - array[0]
    return bool(np.all(np.abs(vectors[:, 0] * vectors[0, 1] - vectors[:, 1] * vectors[0, 0])
                       < 1e-12 * (1 + np.abs(vectors).max() ** 2)))


def _points(name, points):
    if isinstance(points, (str, bytes)) or not hasattr(points, "__iter__"):
        raise TypeError(f"{name} must be a sequence of (x, y) vertices, got {points!r}")
    try:
        array = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of (x, y) vertices, got {points!r}") from None
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must be a sequence of (x, y) vertices, got shape {array.shape}")
    if len(array) < 3:
        raise ValueError(f"{name} needs at least 3 vertices, got {len(array)}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} has a non-finite coordinate")
    return tuple((float(x), float(y)) for x, y in array)


@dataclasses.dataclass(frozen=True)
class Lead:
    """A semi-infinite clean lead attached to one side of a device.

    Parameters
    ----------
    side : {'left', 'right', 'bottom', 'top'} or sequence of float
        Where the lead leaves the device: a named side, or the direction
        (2-vector; in 3D only along x) pointing out of the device.  The lead
        repeats with the shortest lattice vector along that direction.
    center : float, optional
        Transverse coordinate (lattice constants) of the lead's axis: y for
        left/right leads, x for bottom/top ones; for other directions the
        coordinate along ``z x direction``, sign chosen so that its first
        non-zero component is positive.  Default: the middle of the
        region's outermost rows on that side.
    width : float, optional
        Width of the cross-section (lattice constants): the lead holds the rows
        with ``|v - center| < width / 2``.  Default: every row of the region.
    """

    side: object
    center: float | None = None
    width: float | None = None

    def __post_init__(self):
        if isinstance(self.side, str):
            if self.side not in SIDES:
                raise ValueError(f"lead side must be one of {', '.join(SIDES)} or a direction "
                                 f"vector, got {self.side!r}")
        else:
            try:
                direction = tuple(float(c) for c in self.side)
            except (TypeError, ValueError):
                raise TypeError(f"lead side must be a name or a direction vector, "
                                f"got {self.side!r}") from None
            if len(direction) not in (2, 3) or not all(map(math.isfinite, direction)) \
                    or not any(direction):
                raise ValueError(f"lead side must be a finite, non-zero 2- or 3-vector, "
                                 f"got {self.side!r}")
            object.__setattr__(self, "side", direction)
        if self.center is not None:
            object.__setattr__(self, "center", check_real("lead center", self.center))
        if self.width is not None:
            width = check_real("lead width", self.width)
            if not width > 0:
                raise ValueError(f"lead width must be positive, got {width}")
            object.__setattr__(self, "width", width)

    def direction(self, dimension):
        """Unit vector pointing out of the device, of length ``dimension``."""
        vector = SIDES[self.side] if isinstance(self.side, str) else self.side
        vector = np.array(vector + (0.0,) * (dimension - len(vector)), dtype=float)
        if len(vector) != dimension:
            raise ValueError(f"lead side {self.side!r} has {len(vector)} components; "
                             f"the lattice is {dimension}D")
        return vector / np.linalg.norm(vector)

    def scaled(self, factor):
        """The same lead with center and width multiplied by ``factor`` (unit changes)."""
        return Lead(self.side, None if self.center is None else self.center * factor,
                    None if self.width is None else self.width * factor)


@dataclasses.dataclass(frozen=True)
class LeadGeometry:
    """A lead resolved against a region: what the Kwant lead and the model need.

    Attributes
    ----------
    index : int
        Lead number.
    spec : Lead
    direction, transverse : numpy.ndarray
        Unit vectors: out of the device, and across it (2D; `Lead.center` is
        measured along ``transverse``; None in 3D).
    vector : numpy.ndarray
        The lattice vector the lead repeats with (real space, outward).
    cell_sublattice, cell_tags : numpy.ndarray
        One period of the lead's cross-section, just beyond the region.
    interface : float
        ``u = r . direction`` of the region's outermost sites in the lead's
        cross-section.
    window : tuple
        2D: the open interval of ``v = r . transverse`` the lead holds; 3D: the
        (y, z) tags of its cross-section.
    """

    index: int
    spec: Lead
    direction: np.ndarray
    transverse: np.ndarray
    vector: np.ndarray
    cell_sublattice: np.ndarray
    cell_tags: np.ndarray
    interface: float
    window: tuple

    def gauge(self, positions):
        """Lambda(r)/phi that turns the Landau gauge A = (-B y, 0) into one invariant along the lead.

        With ``u = r . d`` along the lead direction d and ``v = r . (z x d)``, the
        gauge ``A = -B v d`` depends on ``v`` only; it differs from the Landau
        gauge by ``grad Lambda`` with ``Lambda / B = (x y - u v) / 2``.  A function
        of ``v`` alone is subtracted (still invariant along the lead) so that
        Lambda vanishes on the interface line ``u = interface``; for leads along
        x, Lambda = 0.  In 3D (leads along x only) Lambda = 0.
        """
        positions = np.asarray(positions, dtype=float)
        if positions.shape[1] != 2:
            return np.zeros(len(positions))
        d = self.direction
        normal = np.array([-d[1], d[0]])
        x, y = positions[:, 0], positions[:, 1]
        u = positions @ d
        v = positions @ normal
        on_line = self.interface * d[None, :] + v[:, None] * normal
        return 0.5 * (x * y - u * v) - 0.5 * (on_line[:, 0] * on_line[:, 1] - self.interface * v)

    def in_window(self, positions):
        """True for positions inside the lead's cross-section (any distance along it)."""
        if self.transverse is None:
            return _in_cross_section_3d(positions, self.window)
        v = np.asarray(positions, dtype=float) @ self.transverse
        low, high = self.window
        return (v > low + _TOLERANCE) & (v < high - _TOLERANCE)


def _in_cross_section_3d(positions, window):
    keys = {tuple(row) for row in window}
    return np.array([tuple(np.rint(p[1:]).astype(int)) in keys for p in positions], dtype=bool)


def region_sites(lattice, shape, start=None, bounds=None):
    """Sites of ``lattice`` inside ``shape``.

    Parameters
    ----------
    lattice : devices.lattices.Lattice
    shape : Polygon or callable
        A polygon (2D), or a function ``shape(pos) -> bool`` of a position.
    start : sequence of float, optional
        For a shape function: a position inside it; the region is the part
        connected to it by nearest-neighbour bonds (Kwant's flood fill).
    bounds : ((x0, y0[, z0]), (x1, y1[, z1])), optional
        For a shape function: a box that contains the shape (every site in it
        is tested; no connectivity required).

    Returns
    -------
    sublattice : numpy.ndarray of int, shape (n,)
    tags : numpy.ndarray of int, shape (n, dimension)
    """
    if isinstance(shape, Polygon):
        if lattice.dimension != 2:
            raise ValueError(f"a Polygon shape needs a 2D lattice, not {lattice.name}")
        lower, upper = shape.bounds
        sublattice, tags, positions = lattice.sites_in_box(lower, upper)
        inside = shape.contains(positions)
        sublattice, tags = sublattice[inside], tags[inside]
    elif callable(shape):
        if (start is None) == (bounds is None):
            raise TypeError("a shape function needs exactly one of start= (a position inside "
                            "it) or bounds= (a box around it)")
        if bounds is not None:
            lower, upper = (np.asarray(b, dtype=float) for b in bounds)
            if lower.shape != (lattice.dimension,) or upper.shape != lower.shape:
                raise ValueError(f"bounds must be two {lattice.dimension}-vectors")
            sublattice, tags, positions = lattice.sites_in_box(lower, upper)
            inside = np.array([bool(shape(tuple(p))) for p in positions], dtype=bool)
            sublattice, tags = sublattice[inside], tags[inside]
        else:
            start = tuple(float(c) for c in start)
            if not shape(start):
                raise ValueError(f"start {start} is not inside the shape")
            import kwant
            sites = list(lattice.kwant_lattice.shape(shape, start)(kwant.Builder()))
            sublattice = np.array([lattice.family_index[s.family] for s in sites], np.int64)
            tags = np.array([s.tag for s in sites], dtype=np.int64).reshape(-1, lattice.dimension)
    else:
        raise TypeError(f"shape must be a devices.Polygon or a function of a position, "
                        f"got {type(shape).__name__}")
    if len(tags) == 0:
        raise ValueError("the shape contains no lattice site")
    order = np.lexsort(tuple(tags.T[::-1]) + (sublattice,))
    return sublattice[order], tags[order]


def resolve_leads(lattice, sublattice, tags, leads):
    """Resolve `Lead` specifications against a region; check them.

    Returns
    -------
    list of LeadGeometry
    """
    if isinstance(leads, Lead):
        leads = [leads]
    leads = list(leads)
    for k, lead in enumerate(leads):
        if not isinstance(lead, Lead):
            raise TypeError(f"leads[{k}] must be a devices.Lead, got {type(lead).__name__}")
    positions = lattice.positions(sublattice, tags)
    resolved = [_resolve(lattice, positions, k, lead) for k, lead in enumerate(leads)]
    _check_overlaps(lattice, positions, resolved)
    return resolved


def _resolve(lattice, positions, k, lead):
    name = f"leads[{k}] ({lead.side!r})"
    dimension = lattice.dimension
    direction = lead.direction(dimension)
    if dimension == 3 and abs(abs(direction[0]) - 1) > _TOLERANCE:
        raise ValueError(f"{name}: leads of 3D devices must run along x")
    coefficients, vector = lattice.translation(direction)
    u = positions @ direction
    if dimension == 2:
        transverse = _transverse_axis(direction)
        v = positions @ transverse
        # Default: the rows of the region's outermost sites along the lead direction.
        edge = u >= u.max() - float(np.linalg.norm(vector)) + _TOLERANCE
        v_edge = v[edge]
        if lead.width is None:
            half = 0.5 * (v_edge.max() - v_edge.min()) + _EDGE_MARGIN
            center = 0.5 * (v_edge.max() + v_edge.min()) if lead.center is None else lead.center
        else:
            half = 0.5 * lead.width
            center = 0.5 * (v_edge.max() + v_edge.min()) if lead.center is None else lead.center
        low, high = center - half, center + half
        window = (low, high)
        in_window = (v > low + _TOLERANCE) & (v < high - _TOLERANCE)
    else:
        if lead.center is not None or lead.width is not None:
            raise ValueError(f"{name}: center and width are for 2D leads; a 3D lead takes "
                             "the region's whole cross-section at its end")
        transverse = None
        end = u.max()
        at_end = np.abs(u - end) < _TOLERANCE
        window = tuple(sorted({tuple(np.rint(p[1:]).astype(int)) for p in positions[at_end]}))
        in_window = _in_cross_section_3d(positions, window)
    if not np.any(in_window):
        raise ValueError(f"{name} does not touch the device: no site of the region lies in "
                         f"its cross-section (window {window if dimension == 2 else ''})")
    interface = float(u[in_window].max())
    # One period of the lead's rows, just beyond the region.
    period = float(np.linalg.norm(vector))
    cell_sub, cell_tags, cell_pos = _cell(lattice, direction, transverse, window,
                                          interface, period, positions, in_window)
    if len(cell_tags) == 0:
        raise ValueError(f"{name}: its cross-section holds no lattice row (width too small)")
    return LeadGeometry(k, lead, direction, transverse, vector, cell_sub, cell_tags,
                        interface, window)


def _transverse_axis(direction):
    """The unit vector across a 2D lead, oriented along +x or +y when the lead is axis-aligned
    (so that ``center`` is y for left/right leads and x for bottom/top ones)."""
    axis = np.array([-direction[1], direction[0]])
    first = axis[np.argmax(np.abs(axis) > _TOLERANCE)]
    return axis if first > 0 else -axis


def _cell(lattice, direction, transverse, window, interface, period, positions, in_window):
    """Sites with interface < u <= interface + period in the lead's cross-section."""
    lateral = positions[in_window]
    lower = lateral.min(axis=0) - 2 * period - 2
    upper = lateral.max(axis=0) + 2 * period + 2
    sub, tags, pos = lattice.sites_in_box(lower, upper)
    u = pos @ direction
    if transverse is not None:
        v = pos @ transverse
        inside = (v > window[0] + _TOLERANCE) & (v < window[1] - _TOLERANCE)
    else:
        inside = _in_cross_section_3d(pos, window)
    keep = inside & (u > interface + _TOLERANCE) & (u <= interface + period + _TOLERANCE)
    return sub[keep], tags[keep], pos[keep]


def _check_overlaps(lattice, positions, leads):
    """Two leads must not share a lattice site anywhere along their length."""
    extent = positions.max(axis=0) - positions.min(axis=0)
    reach = 2 * float(np.linalg.norm(extent)) + 10
    for a in range(len(leads)):
        for b in range(a + 1, len(leads)):
            if _leads_share_a_site(lattice, leads[a], leads[b], reach):
                raise ValueError(f"leads[{a}] ({leads[a].spec.side!r}) and leads[{b}] "
                                 f"({leads[b].spec.side!r}) overlap: their cross-sections share "
                                 "lattice sites outside the device")


def _in_lead(lead, positions):
    u = positions @ lead.direction
    return lead.in_window(positions) & (u > lead.interface + _TOLERANCE)


def _leads_share_a_site(lattice, first, second, reach):
    if first.transverse is None:  # 3D: leads along +-x
        same_way = first.direction @ second.direction > 0
        return bool(same_way and set(first.window) & set(second.window))
    import shapely
    strips = []
    for lead in (first, second):
        low, high = lead.window
        near, far = lead.interface, lead.interface + reach
        corners = [near * lead.direction + low * lead.transverse,
                   near * lead.direction + high * lead.transverse,
                   far * lead.direction + high * lead.transverse,
                   far * lead.direction + low * lead.transverse]
        strips.append(shapely.Polygon(corners))
    common = strips[0].intersection(strips[1])
    if common.is_empty:
        return False
    x0, y0, x1, y1 = common.bounds
    _, _, candidates = lattice.sites_in_box((x0 - 1, y0 - 1), (x1 + 1, y1 + 1))
    return bool(np.any(_in_lead(first, candidates) & _in_lead(second, candidates)))


def is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
