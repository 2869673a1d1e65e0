"""Devices from a lithography layout (GDSII or OASIS): mesa, ports and surface gates.

`from_layout` reads the file with gdstk and builds a `devices.ShapedDevice`:

* the **mesa** layer is the 2DEG: the union of its polygons is the
  scattering region (one connected piece; holes are antidots or a ring's hole);
* each polygon on the **port** layer is a lead: it must overlap an edge of the
  mesa along x or y, and the lead holds the lattice rows the overlap spans.  A
  text label on the port layer inside the polygon names it (otherwise
  ``port0``, ``port1``, ... in file order); leads are numbered in file order;
* each **gate** layer is one electrostatic gate whose voltage is the
  solve-time parameter ``v_<name>`` in volts (sweepable in ensembles,
  quantities accepted): its potential energy on the 2DEG at the given depth is
  that of `devices.gates.GatePotential` (Davies, Larkin and Sukhorukov 1995),
  times ``lever_arm``.

Layer arguments are a layer number (any datatype) or a ``(layer, datatype)``
pair.  Coordinates are read in the file's own unit (``library.unit``) and
converted to nm, then to lattice constants with the `devices.Units`.

Bad layouts raise a ValueError naming the layer and shape: a missing layer, a
polygon that encloses no area (a zero-width path, an open line), a
self-intersecting one, a mesa in several pieces, a port off the mesa edge or on
a slanted one, two ports with one name.
"""

import dataclasses
import os

import numpy as np

from .gates import GatePotential
from .geometry import Lead, Polygon
from .shaped import ShapedDevice
from .validation import check_positive

__all__ = ["from_layout", "LayoutDevice", "read_layers"]

#: Overlap of a port with the mesa outline narrower than this (nm) is no contact.
_CONTACT = 1e-3


@dataclasses.dataclass(frozen=True)
class LayoutDevice(ShapedDevice):
    """A `devices.ShapedDevice` built by `from_layout`; also knows its names.

    Attributes
    ----------
    lead_names : tuple of str
        The ports' names, in lead order.
    gate_names : tuple of str
        The gates' names; their voltages are the parameters ``v_<name>`` (V).
    """

    lead_names: tuple = ()
    gate_names: tuple = ()

    def lead_index(self, name):
        """The lead number of the port ``name``."""
        if name not in self.lead_names:
            raise ValueError(f"no port named {name!r}; the ports are "
                             f"{', '.join(self.lead_names)}")
        return self.lead_names.index(name)


def _layer_key(name, value):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value), None
    try:
        layer, datatype = value
        return int(layer), int(datatype)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a layer number or a (layer, datatype) pair, "
                        f"got {value!r}") from None


def _describe_layer(key):
    return f"layer {key[0]}" + ("" if key[1] is None else f"/{key[1]}")


def read_layers(path, cell=None):
    """The polygons (in nm) and labels of a GDSII/OASIS file's cell, by layer.

    Returns
    -------
    polygons : dict
        ``{(layer, datatype): [array (n, 2) in nm, ...]}`` in file order.
    labels : dict
        ``{(layer, texttype): [(text, (x, y) in nm), ...]}``.
    """
    import gdstk
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ValueError(f"layout file {path!r} does not exist or is not a file")
    suffix = os.path.splitext(path)[1].lower()
    try:
        library = gdstk.read_oas(path) if suffix in (".oas", ".oasis") else gdstk.read_gds(path)
    except Exception as error:  # noqa: BLE001 - gdstk raises RuntimeError and OSError
        raise ValueError(f"layout file {path!r} could not be read as "
                         f"{'OASIS' if suffix.startswith('.oas') else 'GDSII'}: {error}") from None
    to_nm = library.unit / 1e-9
    if cell is None:
        top = library.top_level()
        if len(top) != 1:
            names = ", ".join(c.name for c in top) or "none"
            raise ValueError(f"layout {path!r} has {len(top)} top-level cells ({names}): "
                             f"pass cell= to pick one")
        chosen = top[0]
    else:
        found = [c for c in library.cells if c.name == cell]
        if not found:
            raise ValueError(f"layout {path!r} has no cell {cell!r}; its cells are "
                             f"{', '.join(c.name for c in library.cells)}")
        chosen = found[0]
    polygons, labels = {}, {}
    for polygon in chosen.get_polygons():
        polygons.setdefault((polygon.layer, polygon.datatype), []).append(
            np.asarray(polygon.points, dtype=float) * to_nm)
    for label in chosen.get_labels():
        labels.setdefault((label.layer, label.texttype), []).append(
            (label.text, tuple(np.asarray(label.origin, dtype=float) * to_nm)))
    return polygons, labels


def _on_layer(table, key):
    layer, datatype = key
    return [item for (l, d), items in table.items() if l == layer
            and (datatype is None or d == datatype) for item in items]


def _shapes(polygons, key, role, path):
    """The valid shapely polygons of one layer; a clear error for a bad one."""
    import shapely
    found = _on_layer(polygons, key)
    if not found:
        present = ", ".join(f"{l}/{d}" for l, d in sorted(polygons)) or "none"
        raise ValueError(f"{role} {_describe_layer(key)}: no polygons in {path!r} (layers "
                         f"present: {present})")
    shapes = []
    for k, points in enumerate(found):
        shape = shapely.Polygon(points)
        where = f"{role} {_describe_layer(key)}, polygon {k} (first vertex {points[0].round(3)} nm)"
        if len(np.unique(points, axis=0)) < 3 or not shape.area > 0:
            raise ValueError(f"{where} encloses no area: an open line or a zero-width path")
        if not shape.is_valid:
            shape = _keyhole(shape, where)
        shapes.append(shape)
    return shapes


def _keyhole(shape, where):
    """A polygon with holes from GDSII's keyhole form (a hole joined to the outline by a
    zero-width cut); any other self-intersection is an error."""
    import shapely
    import shapely.validation
    repaired = shapely.make_valid(shape)
    parts = getattr(repaired, "geoms", [repaired])
    area = shapely.union_all([p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")])
    if area.geom_type == "Polygon" and abs(area.area - abs(shape.area)) <= 1e-9 * area.area:
        return area
    raise ValueError(f"{where} is not a simple polygon: "
                     f"{shapely.validation.explain_validity(shape)}")


def _mesa(shapes, key, path):
    import shapely
    mesa = shapely.union_all(shapes)
    if mesa.geom_type != "Polygon":
        raise ValueError(f"mesa {_describe_layer(key)} in {path!r} is in {len(mesa.geoms)} "
                         "separate pieces; a device is one connected region")
    return mesa


def _port_lead(mesa, port, name, scale):
    """The `Lead` of one port polygon on the mesa outline (lengths times ``scale``)."""
    import shapely
    # The buffer absorbs round-off of a port drawn flush with the edge; the box clips it off.
    contact = mesa.boundary.intersection(port.buffer(_CONTACT)).intersection(
        shapely.box(*port.bounds))
    if contact.is_empty or contact.length < 10 * _CONTACT:
        raise ValueError(f"port {name!r} is not on the mesa edge: it must overlap the "
                         f"mesa's outline (port bounds {np.round(port.bounds, 3)} nm)")
    x0, y0, x1, y1 = contact.bounds
    cx, cy = port.centroid.x, port.centroid.y
    if x1 - x0 < 1e3 * _CONTACT and y1 - y0 > 10 * _CONTACT:      # an edge along y
        side = "left" if cx < x0 else "right"
        center, extent = (y0 + y1) / 2, y1 - y0
    elif y1 - y0 < 1e3 * _CONTACT and x1 - x0 > 10 * _CONTACT:    # an edge along x
        side = "bottom" if cy < y0 else "top"
        center, extent = (x0 + x1) / 2, x1 - x0
    else:
        raise ValueError(f"port {name!r} touches the mesa along a slanted or bent stretch "
                         f"of its outline (bounds {np.round(contact.bounds, 3)} nm): ports "
                         "go on edges along x or y")
    # Half a lattice constant beyond each end: the rows at the contact's ends belong to it.
    return Lead(side, center=center * scale, width=extent * scale + 1.0)


def _port_names(shapes, labels):
    import shapely
    names = []
    for k, shape in enumerate(shapes):
        inside = [text for text, origin in labels
                  if shape.buffer(_CONTACT).contains(shapely.Point(origin))]
        if len(inside) > 1:
            raise ValueError(f"port polygon {k} holds {len(inside)} labels "
                             f"({', '.join(inside)}): one name per port")
        names.append(inside[0] if inside else f"port{k}")
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"two ports are named {name!r}")
    return tuple(names)


def from_layout(path, units, *, mesa, ports, gates=None, depth=None, lever_arm=1.0,
                cell=None, lattice="square", spin=False):
    """A device drawn in a GDSII/OASIS layout: mesa, ports as leads, surface gates.

    Parameters
    ----------
    path : str or path-like
        The layout (``.gds``; ``.oas`` for OASIS).
    units : devices.Units
        Lattice constant (the layout is discretized on it) and effective mass.
    mesa, ports : int or (int, int)
        Layers (or layer/datatype pairs) of the 2DEG region and of the ports.
    gates : dict, optional
        ``{name: layer}``: each gate's layer; its voltage is the parameter
        ``v_<name>`` (V, default 0).
    depth : float or quantity, optional
        Depth of the 2DEG below the gates (nm); needed with gates.
    lever_arm : float
        Fraction of the bare gate potential the electrons feel (screening by the
        2DEG and by dopants reduces it; 1 is the bare Davies potential).
    cell : str, optional
        The cell to read (default: the only top-level cell).
    lattice : {'square', 'honeycomb'}
    spin : bool
        Two orbitals per site (spin-orbit, Zeeman).

    Returns
    -------
    LayoutDevice
        With ``lead_names`` and ``gate_names``.

    Examples
    --------
    >>> units = devices.Units(lattice_constant=10, effective_mass=0.067)
    >>> qpc = devices.from_layout("qpc.gds", units, mesa=1, ports=2,
    ...                           gates={"split": 3}, depth=60)
    >>> physics.conductance(qpc, units.energy(3.0), v_split="-4 mV")
    """
    from .quantities import magnitudes_in
    from .units import Units
    if not isinstance(units, Units):
        raise TypeError(f"units must be a devices.Units, got {type(units).__name__}")
    mesa_key, port_key = _layer_key("mesa", mesa), _layer_key("ports", ports)
    polygons, labels = read_layers(path, cell)
    region = _mesa(_shapes(polygons, mesa_key, "mesa", path), mesa_key, path)
    port_shapes = _shapes(polygons, port_key, "ports", path)
    names = _port_names(port_shapes, _on_layer(labels, port_key))
    scale = 1.0 / units.lattice_constant
    leads = [_port_lead(region, shape, name, scale) for shape, name in zip(port_shapes, names)]
    outline = Polygon(np.asarray(region.exterior.coords)[:-1] * scale,
                      [np.asarray(h.coords)[:-1] * scale for h in region.interiors])
    potential = None
    gates = dict(gates or {})
    if gates:
        if depth is None:
            raise TypeError("from_layout: gates need depth= (of the 2DEG below them, nm)")
        depth = check_positive("depth", magnitudes_in("depth", depth, "nm"))
        lever_arm = check_positive("lever_arm", lever_arm)
        import shapely
        gate_polygons = {}
        for name, layer in gates.items():
            key = _layer_key(f"gates[{name!r}]", layer)
            merged = shapely.union_all(_shapes(polygons, key, f"gate {name!r}", path))
            pieces = [merged] if merged.geom_type == "Polygon" else list(merged.geoms)
            gate_polygons[name] = [(np.asarray(p.exterior.coords)[:-1],
                                    [np.asarray(h.coords)[:-1] for h in p.interiors])
                                   for p in pieces]
        function = GatePotential(gate_polygons, depth, lever_arm)
        potential = units.potential(function, parameter_units={
            name: "V" for name in function.parameter_names})
    return LayoutDevice(shape=outline, leads=tuple(leads), lattice=lattice, spin=spin,
                        potential=potential, lead_names=names, gate_names=tuple(gates))
