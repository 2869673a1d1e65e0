"""Ensemble run configuration files (TOML) for ``meso run``.

Format (all tables but ``[params]`` and ``[sweep]`` required)::

    [device]                 # which device; keys are the device's arguments
    type = "Wire"            # Wire, Film, Block, Ring, HallBar, or "package.module:function"
                             # returning a kwant.Builder with leads (its keyword arguments
                             # are the other keys)
    width = 40
    length = 200

    [ensemble]
    energy = 1.0             # t from the band bottom; omit when energy is swept
    seeds = 200              # n -> seeds 0..n-1; or {start = 100, count = 50}; or [1, 5, 7]
    observables = ["conductance", "transmission_eigenvalues"]   # optional
    store = "wl.zarr"        # optional; default: the config's name with .zarr

    [params]                 # fixed solve-time parameters (optional)
    disorder = 1.5
    # also the transport options: dephasing = 0.01, probes = "checkerboard", temperature = 0.005

    [sweep]                  # one dataset dimension per entry, in order (optional)
    phi = {start = 0.0, stop = 0.01, num = 41}   # evenly spaced, ends included
    # or an explicit list: phi = [0.0, 0.001, 0.004]

In physical units, with a ``[units]`` table (`devices.Units`)::

    [units]
    lattice_constant = "5 nm"        # or a number in nm
    material = "GaAs"                # and/or effective_mass = 0.067

    [device]
    type = "Wire"
    width = "100 nm"                 # a size with a unit is converted (a number: sites)
    length = "1 um"

    [ensemble]
    energy = "8 meV"                 # a number: meV

    [params]
    disorder = "3 meV"               # energy, disorder, field, rashba, temperature, ...
    g_factor = -0.44                 # optional: the field also sets the Zeeman splitting

    [sweep]
    field = {start = "0 mT", stop = "50 mT", num = 26}   # a number: T

(`physics.ensembles.physical` lists the physical parameters.)  Every error names the
offending key, and is raised before anything is written.
"""

import numbers
import pathlib
import tomllib

import numpy as np

import devices

from .plan import MAX_SEEDS, MAX_SWEEP_VALUES, make_plan

__all__ = ["load", "ConfigError"]
_TABLES = {"device", "ensemble", "params", "sweep", "units"}
_UNITS_KEYS = {"lattice_constant", "effective_mass", "material", "fermi_velocity"}
_ENSEMBLE_KEYS = {"energy", "seeds", "observables", "store"}


class ConfigError(ValueError):
    """An invalid configuration file; the message names the key."""


def _fail(key, message):
    raise ConfigError(f"{key}: {message}")


def _seeds(value):
    if isinstance(value, bool):
        _fail("ensemble.seeds", f"expected a count, a table or a list, got {value!r}")
    if isinstance(value, int):
        if not 1 <= value <= MAX_SEEDS:
            _fail("ensemble.seeds", f"the number of seeds must be in [1, {MAX_SEEDS:.0e}], "
                                    f"got {value}")
        return list(range(value))
    if isinstance(value, dict):
        extra = set(value) - {"start", "count"}
        if extra or "count" not in value:
            _fail("ensemble.seeds", "a table needs exactly 'count' and optionally 'start'")
        start, count = value.get("start", 0), value["count"]
        for name, item in (("start", start), ("count", count)):
            if isinstance(item, bool) or not isinstance(item, int) or item < (name == "count"):
                _fail(f"ensemble.seeds.{name}", f"expected a non-negative integer, got {item!r}")
        if count > MAX_SEEDS:
            _fail("ensemble.seeds.count", f"at most {MAX_SEEDS:.0e} seeds, got {count}")
        return list(range(start, start + count))
    if isinstance(value, list):
        if not value:
            _fail("ensemble.seeds", "empty list of seeds")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                _fail("ensemble.seeds", f"seeds must be non-negative integers, got {item!r}")
        return value
    _fail("ensemble.seeds", f"expected a count, a table or a list, got {value!r}")


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _sweep_values(name, value):
    """A list (numbers, or quantities as strings) or an evenly spaced range."""
    key = f"sweep.{name}"
    if isinstance(value, list):
        if not value:
            _fail(key, "empty sweep")
        if all(_is_number(v) for v in value):
            return np.array(value, dtype=float)
        if not all(_is_number(v) or isinstance(v, str) for v in value):
            _fail(key, "values must be numbers or quantities such as '5 mT'")
        return list(value)   # quantities: converted with [units] (named if they do not parse)
    if isinstance(value, dict):
        if set(value) != {"start", "stop", "num"}:
            _fail(key, "a range needs exactly start, stop and num")
        start, stop, num = value["start"], value["stop"], value["num"]
        for part, item in (("start", start), ("stop", stop)):
            if not (_is_number(item) or isinstance(item, str)):
                _fail(f"{key}.{part}", f"expected a number or a quantity such as '5 mT', "
                                       f"got {item!r}")
        if isinstance(num, bool) or not isinstance(num, int) or not 1 <= num <= MAX_SWEEP_VALUES:
            _fail(f"{key}.num", f"expected an integer in [1, {MAX_SWEEP_VALUES:.0e}], got {num!r}")
        if _is_number(start) and _is_number(stop):
            return np.linspace(start, stop, num)
        return _quantity_range(key, start, stop, num)
    _fail(key, f"expected a list or {{start, stop, num}}, got {value!r}")


def _quantity_range(key, start, stop, num):
    """``num`` evenly spaced quantities from ``start`` to ``stop`` (in the unit of ``stop``)."""
    from devices.units import is_quantity, ureg
    ends = []
    for part, item in (("start", start), ("stop", stop)):
        try:
            quantity = ureg.Quantity(item) if isinstance(item, str) else item
        except Exception as error:  # noqa: BLE001 - pint raises several types
            _fail(f"{key}.{part}", f"{item!r} is not a quantity: {error}")
        ends.append(quantity)
    if not all(is_quantity(end) for end in ends):
        _fail(key, f"start and stop must both have a unit (or both be numbers), got "
                   f"{start!r} and {stop!r}")
    try:
        first = ends[0].to(ends[1].units).magnitude
    except Exception:  # noqa: BLE001 - DimensionalityError
        _fail(key, f"start {start!r} and stop {stop!r} have different dimensions")
    return ureg.Quantity(np.linspace(first, ends[1].magnitude, num), ends[1].units)


def _refuse_quantities(energy, fixed, sweep):
    """Without [units], quantities (strings) mean nothing: name the first one."""
    given = {"ensemble.energy": energy,
             **{f"params.{k}": v for k, v in fixed.items() if k != "probes"},
             **{f"sweep.{k}": v for k, v in sweep.items()}}
    for key, value in given.items():
        values = value.values() if isinstance(value, dict) else (
            value if isinstance(value, list) else [value])
        if any(isinstance(v, str) for v in values):
            _fail(key, f"{value!r} has a unit: add a [units] table (lattice_constant, "
                       f"material or effective_mass) to convert it")


def _units(table):
    from devices.units import Units
    for key in table:
        if key not in _UNITS_KEYS:
            _fail(f"units.{key}", f"unknown key; expected {', '.join(sorted(_UNITS_KEYS))}")
    try:
        return Units(**table)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"units: {error}") from None


def load(path):
    """Read and check a configuration file.

    Returns
    -------
    device : devices.Device
    options : dict
        Keyword arguments for `physics.ensemble` (``energy``, ``seeds``,
        ``sweep``, ``observables`` and the fixed parameters) plus ``store``, and
        ``units`` (a `devices.Units`) with a ``[units]`` table.
    """

    path = pathlib.Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a configuration file") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (byte {error.start}): a TOML file must be "
                          f"UTF-8") from None
    for key in raw:
        if key not in _TABLES:
            _fail(key, f"unknown table; expected {', '.join(sorted(_TABLES))}")
        if not isinstance(raw[key], dict):
            _fail(key, "must be a table")
    for key in ("device", "ensemble"):
        if key not in raw:
            _fail(key, "missing table")

    units = _units(raw["units"]) if "units" in raw else None
    device = _device(raw["device"], units)

    ensemble_table = raw["ensemble"]
    for key in ensemble_table:
        if key not in _ENSEMBLE_KEYS:
            _fail(f"ensemble.{key}", f"unknown key; expected {', '.join(sorted(_ENSEMBLE_KEYS))}")
    if "seeds" not in ensemble_table:
        _fail("ensemble.seeds", "missing")
    options = {"seeds": _seeds(ensemble_table["seeds"])}
    energy = ensemble_table.get("energy")
    if energy is not None and not (_is_number(energy) or isinstance(energy, str)):
        _fail("ensemble.energy", f"expected a number, got {energy!r}")
    options["energy"] = energy
    observables = ensemble_table.get("observables")
    if observables is not None and (not isinstance(observables, list)
                                    or not all(isinstance(o, str) for o in observables)):
        _fail("ensemble.observables", f"expected a list of names, got {observables!r}")
    options["observables"] = None if observables is None else tuple(observables)
    store = ensemble_table.get("store", path.with_suffix(".zarr").name)
    if not isinstance(store, str) or not store:
        _fail("ensemble.store", f"expected a path, got {store!r}")
    options["store"] = str((path.parent / store) if not pathlib.Path(store).is_absolute() else store)

    options["sweep"] = {name: _sweep_values(name, value)
                        for name, value in raw.get("sweep", {}).items()}
    fixed = dict(raw.get("params", {}))
    if units is None:
        _refuse_quantities(energy, fixed, raw.get("sweep", {}))
    # Check the whole configuration now, so that nothing is written if it is wrong.
    try:
        make_plan(device, options["energy"], options["seeds"], options["sweep"],
                  options["observables"], fixed, units)
    except (TypeError, ValueError) as error:
        section = "params" if any(k in str(error) for k in fixed) else "ensemble"
        if "sweep[" in str(error) or any(str(error).startswith(k) for k in options["sweep"]):
            section = "sweep"
        raise ConfigError(f"{section}: {error}") from None
    options.update(fixed)
    if units is not None:
        options["units"] = units
    return device, options


def _device(table, units=None):
    """The device of the [device] table: a built-in device or your own Kwant system.

    With ``units``, a built-in device's size given with a unit ('100 nm') is converted
    (`devices.Units.sites`); a number is in lattice sites.
    """
    device_table = dict(table)
    kind = device_table.pop("type", None)
    if isinstance(kind, str) and ":" in kind:
        # Your own Kwant system: a function returning a kwant.Builder with leads, called
        # with the other keys of [device].
        try:
            device = devices.from_kwant(kind, **device_table)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"device.type: {error}") from None
    else:
        if kind not in devices.BUILT_IN:
            _fail("device.type", f"unknown device {kind!r}; choose from "
                  f"{', '.join(devices.BUILT_IN)} or 'package.module:function' (a Kwant builder)")
        cls = devices.BUILT_IN[kind]
        fields = set(cls.__dataclass_fields__) - {"potential"}
        for key in device_table:
            if key not in fields:
                _fail(f"device.{key}", f"{kind} has no argument {key!r}; it takes "
                      f"{', '.join(sorted(fields))}")
        try:
            for key, value in device_table.items():
                if isinstance(value, str) and key != "type":
                    if units is None:
                        _fail(f"device.{key}", f"{value!r} has a unit: add a [units] table "
                                               "(lattice_constant, material) to convert it")
                    device_table[key] = units.sites(key, value)
            device = cls(**device_table)
        except (TypeError, ValueError) as error:
            if isinstance(error, ConfigError):
                raise
            raise ConfigError(f"device: {error}") from None
    return device
