"""Input checks shared by the device builders and the physics functions.

Every check raises before any computation, with a message that names the argument.
One convention everywhere: a value of the wrong *type* (a string for a number, a
float for a count) raises `TypeError`; a value of the right type outside its
range (negative, zero, infinite, NaN, wrong shape) raises `ValueError`.
"""

import numbers
import math

import numpy as np

__all__ = ["check_size", "check_count", "check_length", "check_flag", "check_real", "check_flux",
           "check_site_count",
           "check_positive", "check_nonnegative", "check_real_array", "check_seed",
           "check_direction", "RegimeWarning"]


class RegimeWarning(UserWarning):
    """A parameter is outside the range where the lattice model or the formula used is
    reliable; the message names it and its value.  Silence it with
    ``warnings.filterwarnings("ignore", category=devices.RegimeWarning)``."""


def check_size(name, value, minimum=1):
    """A number of lattice sites: an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer number of sites, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_length(name, value, minimum=0.0):
    """A real length in lattice constants, finite and > ``minimum``."""
    value = check_real(name, value)
    if not value > minimum:
        raise ValueError(f"{name} must be > {minimum}, got {value}")
    return value


def check_flag(name, value):
    """A boolean (Python or numpy)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_count(name, value, minimum=1):
    """A count (of nodes, seeds, iterations, ...): an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_real(name, value, minimum=None, maximum=None, strict=False):
    """A finite real number, optionally within [minimum, maximum].

    ``strict=True`` excludes the bounds themselves (``minimum < value < maximum``).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    below = minimum is not None and (value < minimum or (strict and value == minimum))
    above = maximum is not None and (value > maximum or (strict and value == maximum))
    relation = "" if strict else "="
    if below:
        raise ValueError(f"{name} must be >{relation} {minimum:g}, got {value:g}")
    if above:
        raise ValueError(f"{name} must be <{relation} {maximum:g}, got {value:g}")
    return value


#: Largest flux (h/e, per plaquette or through a ring) a device accepts: a flux matters
#: only modulo one flux quantum, and beyond ~1e3 the Peierls phases 2 pi phi (x dy) of a
#: device a thousand sites across lose ~1e-9 rad to round-off.
MAX_FLUX = 1e3


def check_flux(name, value):
    """A magnetic flux in h/e: a finite real number with ``|value| <= MAX_FLUX``."""
    value = check_real(name, value)
    if abs(value) > MAX_FLUX:
        raise ValueError(f"{name} = {value:g} h/e is beyond |{MAX_FLUX:g}|: a flux matters only "
                         f"modulo one flux quantum, and the Peierls phases of such a flux are "
                         f"round-off; pass its fractional part (value - round(value))")
    return value


#: Largest scattering region (sites) a device builds.  Building costs ~1 kB per site
#: (Kwant builder and finalized system), so 5e6 sites is ~5 GB before any solve;
#: raise it for larger machines (``devices.validation.MAX_SITES = ...``).
MAX_SITES = 5_000_000


def check_site_count(device_name, estimate):
    """Refuse a device whose scattering region would have more than `MAX_SITES` sites."""
    if estimate is not None and estimate > MAX_SITES:
        raise ValueError(f"{device_name}: about {estimate:.3g} sites, beyond MAX_SITES = "
                         f"{MAX_SITES:.3g} (devices.validation.MAX_SITES): check the sizes "
                         f"(lattice constants, not nm?)")


def check_positive(name, value):
    """A finite real number > 0."""
    return check_real(name, value, 0.0, strict=True)


def check_nonnegative(name, value):
    """A finite real number >= 0."""
    return check_real(name, value, 0.0)


def check_real_array(name, value, minimum=None, strict=False, ndim=None):
    """An array of finite real numbers (a scalar is a 0-d array), optionally >= ``minimum``
    (> with ``strict``) and of dimension ``ndim``; returned as a float array."""
    if isinstance(value, (str, bytes)) or np.iscomplexobj(value):
        raise TypeError(f"{name} must be real numbers, got {value!r}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be real numbers, got {value!r}") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if minimum is not None and (np.any(array < minimum) or (strict and np.any(array == minimum))):
        raise ValueError(f"{name} must be >{'' if strict else '='} {minimum:g}, got {value!r}")
    return array


def check_seed(name, value):
    """A disorder seed: an integer in [0, 2**63)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer, got {value!r}")
    if not 0 <= value < 2**63:
        raise ValueError(f"{name} must be in [0, 2**63), got {value}")
    return int(value)


def check_direction(name, value):
    """A non-zero real 3-vector; returned normalized as a tuple."""
    if np.iscomplexobj(value) or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a 3-vector of real numbers, got {value!r}")
    try:
        vector = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 3-vector of real numbers, got {value!r}") from None
    if vector.shape != (3,):
        raise TypeError(f"{name} must be a 3-vector of real numbers, got {value!r}")
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    norm = np.linalg.norm(vector)
    if norm == 0:
        raise ValueError(f"{name} must be a non-zero vector")
    if abs(norm - 1) <= 4 * np.finfo(float).eps:
        # Already a unit vector (e.g. read back from a store): dividing again could move it
        # by an ulp, and a rerun would then differ from the stored configuration.
        return tuple(float(c) for c in vector)
    return tuple(float(c) for c in vector / norm)
