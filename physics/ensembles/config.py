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

Every error names the offending key, and is raised before anything is written.
"""

import numbers
import pathlib
import tomllib

import numpy as np

import devices

from .plan import MAX_SEEDS, MAX_SWEEP_VALUES, make_plan

__all__ = ["load", "ConfigError"]
_TABLES = {"device", "ensemble", "params", "sweep"}
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


def _sweep_values(name, value):
    key = f"sweep.{name}"
    if isinstance(value, list):
        if not value:
            _fail(key, "empty sweep")
        if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in value):
            _fail(key, "values must be numbers")
        return np.array(value, dtype=float)
    if isinstance(value, dict):
        if set(value) != {"start", "stop", "num"}:
            _fail(key, "a range needs exactly start, stop and num")
        start, stop, num = value["start"], value["stop"], value["num"]
        for part, item in (("start", start), ("stop", stop)):
            if isinstance(item, bool) or not isinstance(item, numbers.Real):
                _fail(f"{key}.{part}", f"expected a number, got {item!r}")
        if isinstance(num, bool) or not isinstance(num, int) or not 1 <= num <= MAX_SWEEP_VALUES:
            _fail(f"{key}.num", f"expected an integer in [1, {MAX_SWEEP_VALUES:.0e}], got {num!r}")
        return np.linspace(start, stop, num)
    _fail(key, f"expected a list or {{start, stop, num}}, got {value!r}")


def load(path):
    """Read and check a configuration file.

    Returns
    -------
    device : devices.Device
    options : dict
        Keyword arguments for `physics.ensemble` (``energy``, ``seeds``,
        ``sweep``, ``observables`` and the fixed parameters) plus ``store``.
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

    device = _device(raw["device"])

    ensemble_table = raw["ensemble"]
    for key in ensemble_table:
        if key not in _ENSEMBLE_KEYS:
            _fail(f"ensemble.{key}", f"unknown key; expected {', '.join(sorted(_ENSEMBLE_KEYS))}")
    if "seeds" not in ensemble_table:
        _fail("ensemble.seeds", "missing")
    options = {"seeds": _seeds(ensemble_table["seeds"])}
    energy = ensemble_table.get("energy")
    if energy is not None and (isinstance(energy, bool) or not isinstance(energy, numbers.Real)):
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
    # Check the whole configuration now, so that nothing is written if it is wrong.
    try:
        make_plan(device, options["energy"], options["seeds"], options["sweep"],
              options["observables"], fixed)
    except (TypeError, ValueError) as error:
        section = "params" if any(k in str(error) for k in fixed) else "ensemble"
        if "sweep[" in str(error):
            section = "sweep"
        raise ConfigError(f"{section}: {error}") from None
    options.update(fixed)
    return device, options


def _device(table):
    """The device of the [device] table: a built-in device or your own Kwant system."""
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
            device = cls(**device_table)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"device: {error}") from None
    return device
