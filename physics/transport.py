"""Scattering-matrix (Landauer-Buttiker) transport: S, G, transmission eigenvalues.

All energies are in t measured from the band bottom, conductances in e^2/h,
summed over all modes Kwant knows (a spinful device counts both spins).
"""

import numpy as np

from ._system import SOLVER, check_energy, check_lead, resolve

__all__ = ["smatrix", "conductance", "transmission_eigenvalues",
           "conductance_matrix", "open_modes"]


def smatrix(device, energy, **params):
    """Scattering matrix of ``device`` at ``energy``.

    Parameters
    ----------
    device : devices.Device or kwant.system.FiniteSystem
    energy : float
        Fermi energy in t from the band bottom.
    **params
        Solve-time parameters (``disorder``, ``seed``, ``phi``, ...).

    Returns
    -------
    kwant.solvers.common.SMatrix
    """
    energy = check_energy(energy)
    fsyst, params = resolve(device, params)
    return SOLVER.smatrix(fsyst, energy, params=params)


def _two_terminal(smat):
    if len(smat.lead_info) != 2:
        raise ValueError(f"a two-terminal quantity needs a device with 2 leads, "
                         f"this one has {len(smat.lead_info)}; use conductance_matrix")
    return smat


def conductance(device, energy, **params):
    """Two-terminal conductance g = sum_n T_n in e^2/h (from lead 0 to lead 1).

    Parameters
    ----------
    device : devices.Device or kwant.system.FiniteSystem
        A two-terminal device.
    energy : float
        Fermi energy in t from the band bottom.
    **params
        Solve-time parameters.

    Returns
    -------
    float
    """
    return float(_two_terminal(smatrix(device, energy, **params)).transmission(1, 0))


def transmission_eigenvalues(device, energy, **params):
    """Eigenvalues T_n of t^dagger t (t = S_10), in descending order.

    Their sum is the conductance in e^2/h; their distribution is compared with
    the Dorokhov bimodal density (THEORY §2).

    Returns
    -------
    numpy.ndarray of float, shape (number of modes in lead 0,)
    """
    smat = _two_terminal(smatrix(device, energy, **params))
    t = smat.submatrix(1, 0)
    return np.linalg.eigvalsh(t.conj().T @ t)[::-1]


def conductance_matrix(device, energy, **params):
    """Multi-terminal conductance matrix G in e^2/h, with I = G V.

    ``I_p = sum_q G_pq V_q``: ``G_pp = N_p - R_pp``, ``G_pq = -T_pq`` for
    p != q (T_pq: transmission from lead q into lead p, Kwant's
    ``transmission(p, q)``).  Rows and columns follow the device's lead
    numbering (see e.g. `devices.HallBar`).  Rows and columns sum to zero.

    Returns
    -------
    numpy.ndarray, shape (number of leads, number of leads)
    """
    return np.asarray(smatrix(device, energy, **params).conductance_matrix())


def open_modes(device, energy, lead=0, **params):
    """Number of propagating modes (channels) in ``lead`` at ``energy``."""
    energy = check_energy(energy)
    fsyst, params = resolve(device, params)
    lead = check_lead(fsyst, lead)
    return int(fsyst.leads[lead].modes(energy, params=params)[0].momenta.size // 2)
