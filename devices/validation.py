"""Input checks shared by the device builders.

Every check raises before any Kwant call, with a message that names the argument.
"""

import numbers
import math

import numpy as np

__all__ = ["check_size", "check_length", "check_flag", "check_real",
           "check_seed", "check_direction"]


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
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_real(name, value, minimum=None, maximum=None):
    """A finite real number, optionally within [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_seed(name, value):
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
    return tuple(float(c) for c in vector / norm)
