"""Ensemble inputs in physical units: what a `devices.Units` converts, and the axes it labels.

With ``units=``, `physics.ensemble` takes the physical parameters of
`devices.units.PHYSICAL_PARAMETERS` (``energy`` in meV, ``field`` in T,
``temperature`` in K, ``disorder`` in meV, ``rashba`` in meV nm, ...) as plain
numbers in those units, pint quantities or strings ('50 mT'), and ``g_factor``
(the field then also sets the Zeeman splitting).  They are converted once, here,
to the lattice parameters the solvers take.  A swept physical parameter is a
dataset dimension in its physical unit (``field`` in T) with the lattice values
it sets as coordinates along it (``phi`` in h/e per plaquette, ``zeeman`` in t;
``energy_lattice`` where the names coincide).

Parameters of a potential with a declared unit (a gate voltage in V:
`devices.Units.potential(..., parameter_units=)`) take quantities with or
without ``units``.  Every coordinate carries a ``units`` attribute.
"""

import dataclasses

import numpy as np

__all__ = ["Axis", "Inputs", "resolve", "LATTICE_UNITS", "units_description", "in_siemens",
           "units_from_description"]

#: Units of the lattice parameters that are not device parameters (energy, transport options).
LATTICE_UNITS = {"energy": "t", "dephasing": "t", "temperature": "t (k_B T)", "probes": ""}


@dataclasses.dataclass(frozen=True)
class Axis:
    """One sweep dimension: its coordinate values and unit, and the lattice parameters it sets.

    Attributes
    ----------
    values : numpy.ndarray
        The coordinate (in ``unit``).
    unit : str
        Unit of ``values`` ("T", "meV", "V", or a lattice unit such as "h/e").
    description : str
    parameters : dict
        Lattice parameter -> its values along the axis (what the solvers receive).
    converted : bool
        Whether ``values`` are physical values that ``parameters`` were converted from
        (else the axis is the one parameter it sweeps).
    """

    values: np.ndarray
    unit: str
    description: str
    parameters: dict
    converted: bool = False


@dataclasses.dataclass(frozen=True)
class Inputs:
    """The ensemble's parameters resolved to lattice units.

    Attributes
    ----------
    energy : float or None
        Fermi energy in t (None when swept).
    axes : dict
        Dimension name -> `Axis`, in sweep order.
    fixed : dict
        Fixed lattice parameters (and transport options).
    physical : dict or None
        With ``units``: the physical inputs as numbers in their units (``units``,
        ``energy``, ``fixed``), what the configuration records so that a rerun converts
        them again; None without ``units``.
    """

    energy: float | None
    axes: dict
    fixed: dict
    physical: dict | None


def units_description(units):
    """A `devices.Units` as JSON-able data."""
    description = {"lattice_constant": units.lattice_constant,
                   "effective_mass": units.effective_mass, "material": units.material}
    if units.fermi_velocity is not None:   # older stores have no such key
        description["fermi_velocity"] = units.fermi_velocity
    return description


def units_from_description(description):
    """The `devices.Units` of `units_description`."""
    from devices.units import Units
    return Units(**description)


def _has_unit(value):
    """A quantity, a string, or a sequence holding one (only units can make sense of it)."""
    from devices.units import is_quantity
    if isinstance(value, str) or is_quantity(value):
        return True
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray)
                                            and value.dtype == object):
        return any(isinstance(v, str) or is_quantity(v) for v in value)
    return False


def _unit_label(unit):
    return unit.replace(" * ", " ")


def resolve(device, units, energy, sweep, fixed):
    """Convert the physical parameters among ``energy``, ``sweep`` and ``fixed`` (see the
    module docstring) and return `Inputs`; the lattice values are checked later
    (`physics.ensembles.plan`)."""
    from devices.units import PHYSICAL_PARAMETERS, Units, magnitudes_in

    specs = device.parameter_specs
    sweep = {} if sweep is None else sweep
    if not isinstance(sweep, dict):
        raise TypeError(f"sweep must be a dict of parameter -> values, got {type(sweep).__name__}")
    fixed = dict(fixed)
    if units is not None and not isinstance(units, Units):
        raise TypeError(f"units must be a devices.Units, got {type(units).__name__}")

    physical_names = set(PHYSICAL_PARAMETERS) if units is not None else set()
    g_factor = fixed.pop("g_factor", None) if units is not None else None
    set_by_field = {"phi"} | ({"zeeman"} if g_factor is not None else set())
    if units is not None:
        if g_factor is not None and "zeeman" not in specs:
            raise TypeError("g_factor: the device has no Zeeman term (build it with spin=True)")
        clash = sorted((set(fixed) | set(sweep)) & set_by_field)
        if clash:
            raise TypeError(f"{clash[0]}: with units=, give field (T) instead (and g_factor "
                            f"for the Zeeman term): they set {' and '.join(sorted(set_by_field))}")

    # The Fermi energy.
    energy_input = energy
    if energy is not None:
        energy = (units.lattice_values("energy", energy)["energy"] if units is not None
                  else _lattice_value(specs, "energy", energy, "energy"))

    # Fixed parameters.
    lattice_fixed = {}
    physical_fixed = {}
    for name, value in fixed.items():
        if name in physical_names and name != "energy":
            converted = units.lattice_values(name, value, g_factor)
            lattice_fixed.update(converted)
            physical_fixed[name] = magnitudes_in(name, value, PHYSICAL_PARAMETERS[name][0])
        else:
            lattice_fixed[name] = _lattice_value(specs, name, value, name)
            if units is not None:
                physical_fixed[name] = value
    if g_factor is not None:
        physical_fixed["g_factor"] = g_factor

    axes = {name: _axis(specs, units, name, values, g_factor)
            for name, values in sweep.items()}

    physical = None
    if units is not None:
        physical = {"units": units_description(units),
                    "energy": None if energy_input is None else
                    magnitudes_in("energy", energy_input, "meV"),
                    "fixed": physical_fixed}
    return Inputs(energy, axes, lattice_fixed, physical)


def _lattice_value(specs, name, value, where):
    """A non-physical parameter's value(s): a potential's unit converted, else plain
    lattice numbers (a quantity is refused, naming ``where``)."""
    from devices.units import PHYSICAL_PARAMETERS, magnitudes_in
    spec = specs.get(name)
    if spec is not None and spec.physical:
        return magnitudes_in(where, value, spec.unit)
    if name != "probes" and _has_unit(value):
        if name in PHYSICAL_PARAMETERS:
            raise TypeError(f"{where} = {value!r} has a unit: pass "
                            f"units=devices.Units(...) to convert {name}")
        raise TypeError(f"{where} = {value!r} has a unit, but {name} is a lattice "
                        f"parameter (in {_unit_of(name, specs) or 'lattice units'})")
    return value


def _axis(specs, units, name, values, g_factor):
    """The `Axis` of ``sweep[name]``: physical (converted) with ``units``, else lattice."""
    from devices.units import PHYSICAL_PARAMETERS, magnitudes_in
    label = f"sweep[{name!r}]"
    if units is not None and name in PHYSICAL_PARAMETERS:
        unit, _, description = PHYSICAL_PARAMETERS[name]
        coordinate = np.atleast_1d(magnitudes_in(label, values, unit))
        parameters = units.lattice_values(name, coordinate, g_factor)
        return Axis(coordinate, _unit_label(unit), description,
                    {k: np.atleast_1d(v) for k, v in parameters.items()}, converted=True)
    values = _lattice_value(specs, name, values, label)
    spec = specs.get(name)
    return Axis(values, _unit_of(name, specs), spec.doc if spec is not None else name,
                {name: values})


def _unit_of(name, specs):
    spec = specs.get(name)
    return spec.unit if spec is not None else LATTICE_UNITS.get(name, "")


def in_siemens(dataset):
    """A copy of ``dataset`` with every variable in e^2/h converted to S (``units`` "S").

    Parameters
    ----------
    dataset : xarray.Dataset
        An ensemble (`physics.ensemble`, `physics.store.load`).

    Returns
    -------
    xarray.Dataset
        The conductances times e^2/h = 3.874e-5 S (`devices.units.CONDUCTANCE_QUANTUM`).
    """
    from devices.units import conductance_siemens
    out = dataset.copy()
    for name, variable in dataset.data_vars.items():
        if variable.attrs.get("units") == "e^2/h":
            out[name] = variable.copy(data=conductance_siemens(variable.values))
            out[name].attrs["units"] = "S"
    return out
