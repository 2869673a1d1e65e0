"""Devices as JSON-able descriptions, and back: what datasets store and `physics.rerun` rebuilds.

A built-in or shaped device is described by its class and its dataclass
fields (polygons, leads and importable functions encoded by value or by
import path); a `devices.from_kwant` device by its factory's import path and
arguments.  A function that cannot be imported again (a lambda, a function
defined in ``__main__``) is described by its name only: the dataset records
it, but cannot rebuild the device from it.
"""

import dataclasses
import importlib

import numpy as np

__all__ = ["describe", "from_description"]


def _callable_path(function):
    module = getattr(function, "__module__", None)
    name = getattr(function, "__qualname__", None)
    if not module or not name or "<" in name or module == "__main__":
        return None
    try:
        target = importlib.import_module(module)
        for part in name.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError):
        return None
    return f"{module}:{name}" if target is function else None


def _encode(value):
    from .base import SitePotential
    from .geometry import Lead, Polygon
    if isinstance(value, Polygon):
        return {"__polygon__": [list(p) for p in value.exterior],
                "holes": [[list(p) for p in hole] for hole in value.holes]}
    if isinstance(value, Lead):
        side = value.side if isinstance(value.side, str) else list(value.side)
        return {"__lead__": side, "center": value.center, "width": value.width}
    if isinstance(value, SitePotential):
        return {"__site_values__": value.values.tolist()}
    if callable(value):
        return {"__callable__": _callable_path(value),
                "name": getattr(value, "__qualname__", repr(value))}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _decode(value):
    from .base import SitePotential
    from .geometry import Lead, Polygon
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "__polygon__" in value:
        return Polygon(value["__polygon__"], value["holes"])
    if "__lead__" in value:
        side = value["__lead__"]
        return Lead(side if isinstance(side, str) else tuple(side), value["center"],
                    value["width"])
    if "__site_values__" in value:
        return SitePotential(np.array(value["__site_values__"], dtype=float))
    if "__callable__" in value:
        if value["__callable__"] is None:
            raise ValueError(f"the device used the function {value['name']!r}, which cannot "
                             "be imported again (define it in an importable module)")
        module, _, name = value["__callable__"].partition(":")
        target = importlib.import_module(module)
        for part in name.split("."):
            target = getattr(target, part)
        return target
    return {k: _decode(v) for k, v in value.items()}


def describe(device):
    """A JSON-able description from which `from_description` rebuilds ``device``."""
    from .kwant_device import KwantDevice
    if isinstance(device, KwantDevice):
        defaults = {n: s.default for n, s in device.parameter_specs.items() if not s.required}
        return {"kwant_factory": device.factory, "system": repr(device),
                "arguments": _encode(device.arguments), "defaults": _encode(defaults)}
    cls = type(device)
    fields = {f.name: _encode(getattr(device, f.name)) for f in dataclasses.fields(device)
              if not (f.name == "potential" and device.potential is None)}
    return {"module": cls.__module__, "class": cls.__qualname__, "fields": fields}


def from_description(description):
    """Rebuild a device from `describe` output."""
    if "kwant_factory" in description:
        from .kwant_device import from_kwant
        if description["kwant_factory"] is None:
            raise ValueError(f"the dataset was made from a Kwant system object "
                             f"({description['system']}); it cannot be rebuilt: use "
                             "devices.from_kwant('package.module:function', ...)")
        arguments = {k: _decode(v) for k, v in description["arguments"].items()}
        defaults = {k: _decode(v) for k, v in description["defaults"].items()}
        return from_kwant(description["kwant_factory"], defaults=defaults, **arguments)
    module = importlib.import_module(description["module"])
    cls = getattr(module, description["class"])
    return cls(**{k: _decode(v) for k, v in description["fields"].items()})
