"""Resolve a device (or a finalized Kwant system) and parameters for the solvers."""

import math
import numbers

import kwant

__all__ = ["resolve", "check_energy", "SOLVER"]

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


def resolve(device, params):
    """Return ``(finalized system, complete params)``.

    ``device`` is a device from `devices` (validated parameters with defaults)
    or an already finalized Kwant system (``params`` passed through).
    """
    if hasattr(type(device), "finalized") and hasattr(device, "solve_params"):
        params = device.solve_params(**params)  # validate before any Kwant call
        return device.finalized, params
    if isinstance(device, kwant.system.FiniteSystem):
        return device, params
    raise TypeError(f"device must be a devices.Device or a finalized Kwant system, "
                    f"got {type(device).__name__}")


def check_lead(fsyst, lead, name="lead"):
    if isinstance(lead, bool) or not isinstance(lead, numbers.Integral):
        raise TypeError(f"{name} must be an integer lead number, got {lead!r}")
    if not 0 <= lead < len(fsyst.leads):
        raise ValueError(f"{name} must be in [0, {len(fsyst.leads)}), got {lead}")
    return int(lead)
