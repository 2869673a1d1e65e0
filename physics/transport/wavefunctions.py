"""Scattering wave functions, local density of states and current density."""

import kwant
import numpy as np

from .system import SOLVER, check_energy, check_lead, resolve

__all__ = ["scattering_states", "ldos", "density", "current_density", "current_divergence", "hoppings"]


def scattering_states(device, energy, lead=0, **params):
    """Scattering states incoming from ``lead``, one row per open mode.

    Each state carries unit current (Kwant's normalization).  Columns run over
    the sites of the scattering region (times orbitals), in the order of
    ``device.finalized.sites``.

    Returns
    -------
    numpy.ndarray of complex, shape (modes, sites * norbs)
    """
    energy = check_energy(energy)
    fsyst, params = resolve(device, params)
    lead = check_lead(fsyst, lead)
    return SOLVER.wave_function(fsyst, energy, params=params)(lead)


def ldos(device, energy, **params):
    """Local density of states per site (summed over orbitals), in 1/(t a^d)."""
    energy = check_energy(energy)
    fsyst, params = resolve(device, params)
    values = SOLVER.ldos(fsyst, energy, params=params)
    return _sum_orbitals(fsyst, values)


def density(device, energy, lead=0, **params):
    """Density of the scattering states from ``lead``, summed over modes and orbitals."""
    fsyst, _ = resolve(device, params)
    psi = scattering_states(device, energy, lead, **params)
    return _sum_orbitals(fsyst, np.sum(np.abs(psi)**2, axis=0))


def current_density(device, energy, lead=0, **params):
    """Particle current on every hopping, summed over the modes incoming from ``lead``.

    Uses `kwant.operator.Current`; entry k is the current from site j to
    site i for the k-th hopping (i, j) of ``device.finalized.graph`` (see
    `hoppings`); both directions of every bond appear, with opposite signs.  Summed over a cross
    section, the current of the states from lead 0 equals the conductance in
    e^2/h.

    Returns
    -------
    numpy.ndarray of float, shape (number of hoppings,)
    """
    fsyst, full_params = resolve(device, params)
    psi = scattering_states(device, energy, lead, **params)
    operator = kwant.operator.Current(fsyst)
    return sum(operator(mode, params=full_params) for mode in psi)


def hoppings(fsyst):
    """Site-index pairs (i, j) of all hoppings, in the order of `current_density`."""
    return np.array(list(fsyst.graph), dtype=int).reshape(-1, 2)


def current_divergence(fsyst, current):
    """Net current flowing out of every site (zero except where leads attach)."""
    return np.bincount(hoppings(fsyst)[:, 1], weights=current,
                       minlength=fsyst.graph.num_nodes)


def _sum_orbitals(fsyst, values):
    norbs = fsyst.sites[0].family.norbs
    return np.asarray(values).reshape(-1, norbs).sum(axis=1)
