"""Resolve a device (or a finalized Kwant system) and parameters for the solvers."""

import math
import numbers
import weakref

import kwant

__all__ = ["resolve", "check_energy", "as_device", "is_device", "SOLVER"]

#: MUMPS solver with the deterministic AMF ordering: the default Scotch ordering
#: keeps a random state across calls, so a repeated solve differs at 1e-14.
SOLVER = kwant.solvers.mumps.Solver()
SOLVER.options(ordering="amf")


def check_energy(energy):
    """Fermi energy in t from the band bottom: a finite real number."""
    if isinstance(energy, bool) or not isinstance(energy, numbers.Real):
        raise TypeError(f"energy must be a real number (t, from the band bottom), got {energy!r}")
    energy = float(energy)
    if not math.isfinite(energy):
        raise ValueError(f"energy must be finite, got {energy}")
    return energy


def is_device(device):
    """A device of `devices` (built-in, shaped, or `devices.from_kwant`)."""
    import devices
    return isinstance(device, (devices.Device, devices.KwantDevice))


#: Devices made on the fly for Kwant systems passed directly (one per system object).
_WRAPPED = weakref.WeakKeyDictionary()


def as_device(device):
    """``device`` itself, or a `devices.from_kwant` device for a Kwant builder or finalized system.

    The wrapper is made once per system object, so its fast solver (lead
    self-energies, MUMPS analysis) is reused across calls.
    """
    if is_device(device):
        return device
    if isinstance(device, (kwant.Builder, kwant.system.FiniteSystem)):
        import devices
        wrapped = _WRAPPED.get(device)
        if wrapped is None:
            wrapped = _WRAPPED[device] = devices.from_kwant(device)
        return wrapped
    raise TypeError(f"device must be a devices.Device, a devices.from_kwant device or a Kwant "
                    f"system with leads, got {type(device).__name__}")


def resolve(device, params):
    """Return ``(finalized system, complete params)``, validated before any Kwant call."""
    device = as_device(device)
    return device.finalized, device.solve_params(**params)


def check_lead(fsyst, lead, name="lead"):
    if isinstance(lead, bool) or not isinstance(lead, numbers.Integral):
        raise TypeError(f"{name} must be an integer lead number, got {lead!r}")
    if not 0 <= lead < len(fsyst.leads):
        raise ValueError(f"{name} must be in [0, {len(fsyst.leads)}), got {lead}")
    return int(lead)
