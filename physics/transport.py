"""Scattering-matrix (Landauer-Buttiker) transport: S, G, transmission eigenvalues.

All energies are in t measured from the band bottom, conductances in e^2/h,
summed over all modes Kwant knows (a spinful device counts both spins).
"""

import numpy as np

from ._system import SOLVER, as_device, check_energy, check_lead, resolve
from . import dephasing as _dephasing, solvers, thermal as _thermal

SOLVERS = ("auto", "kwant", "slice", "sparse")


def _fast_solver(device, solver, params):
    """``(device, solver, validated params)``; the solver is None for kwant.smatrix.

    ``device`` may be a Kwant system (wrapped by `devices.from_kwant`, once per
    system).  Parameters are validated before anything is built.
    """
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}, got {solver!r}")
    device = as_device(device)
    params = device.solve_params(**params)
    if solver == "kwant":
        return device, None, params
    if solver == "slice":
        if not solvers.SliceGreensSolver.applies(device):
            raise ValueError(f"solver='slice' needs a two-terminal bar of at most "
                             f"{solvers.FRACTIONAL_SLICE_LIMIT} sites per slice (2D, 3D) "
                             f"without spin, {solvers.SLICE_LIMIT} orbitals with spin")
        cached = device.__dict__.get("_slice_solver")
        if cached is None:
            cached = device.__dict__["_slice_solver"] = solvers.SliceGreensSolver(device)
        return device, cached, params
    if solver == "sparse":
        cached = device.__dict__.get("_sparse_solver")
        if cached is None:
            cached = device.__dict__["_sparse_solver"] = solvers.SparseGreensSolver(device)
        return device, cached, params
    return device, solvers.solver_for(device), params

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


def conductance(device, energy, *, solver="auto", dephasing=0.0, probes="all", temperature=0.0,
                **params):
    """Two-terminal conductance g = sum_n T_n in e^2/h (from lead 0 to lead 1).

    Parameters
    ----------
    device : devices.Device or kwant.system.FiniteSystem
        A two-terminal device.
    energy : float
        Fermi energy in t from the band bottom.
    solver : {'auto', 'kwant', 'slice', 'sparse'}
        'auto' uses the fast Green's-function solvers of `physics.solvers`
        for devices (equal to kwant.smatrix to ~1e-13), 'kwant' forces
        ``kwant.smatrix``.
    dephasing : float
        Buttiker-probe coupling eta (t) on every site of the scattering region
        (`physics.dephasing`): phase coherence is lost over L_phi =
        sqrt(hbar D / 2 eta).  0: fully phase coherent.
    probes : 'all', 'checkerboard', 'grid:N', site indices or a boolean mask
        Where the probes sit when ``dephasing`` > 0 (`physics.dephasing.DephasingSolver`).
    temperature : float
        k_B T in t: g is averaged over the Fermi window -df/dE on a grid of
        spacing k_BT/4 (`physics.thermal.smeared_conductance`, ~170 solves;
        call it directly to choose the grid).  0: the zero-temperature g(E).
    **params
        Solve-time parameters.

    Returns
    -------
    float
    """
    energy = check_energy(energy)
    if _thermal._check_temperature(temperature):
        return _thermal.smeared_conductance(device, energy, temperature, solver=solver,
                                            dephasing=dephasing, probes=probes, **params)
    if _dephasing._check_dephasing(dephasing):
        if solver != "auto":
            raise ValueError("dephasing uses its own solver: leave solver='auto'")
        return _dephasing.dephased_conductance(device, energy, dephasing, probes=probes,
                                               **params)
    device, fast, params = _fast_solver(device, solver, params)
    _check_two_leads(device)
    if fast is None:
        return float(smatrix(device, energy, **params).transmission(1, 0))
    return fast.transmission(energy, params)


def _check_two_leads(device):
    n_leads = len(device.finalized.leads)
    if n_leads != 2:
        raise ValueError(f"a two-terminal quantity needs a device with 2 leads, "
                         f"this one has {n_leads}; use conductance_matrix")


def transmission_eigenvalues(device, energy, *, solver="auto", **params):
    """Eigenvalues T_n of t^dagger t (t = S_10), in descending order.

    Their sum is the conductance in e^2/h; their distribution is compared with
    the Dorokhov bimodal density (THEORY §2).  ``solver`` as in `conductance`.

    Returns
    -------
    numpy.ndarray of float, shape (number of modes in lead 0,)
    """
    energy = check_energy(energy)
    device, fast, params = _fast_solver(device, solver, params)
    _check_two_leads(device)
    if fast is None:
        t = smatrix(device, energy, **params).submatrix(1, 0)
        return np.linalg.eigvalsh(t.conj().T @ t)[::-1]
    return fast.transmission_eigenvalues(energy, params)


def conductance_matrix(device, energy, *, solver="auto", dephasing=0.0, probes="all",
                       **params):
    """Multi-terminal conductance matrix G in e^2/h, with I = G V.

    ``I_p = sum_q G_pq V_q``: ``G_pp = N_p - R_pp``, ``G_pq = -T_pq`` for
    p != q (T_pq: transmission from lead q into lead p, Kwant's
    ``transmission(p, q)``).  Rows and columns follow the device's lead
    numbering (see e.g. `devices.HallBar`).  Rows and columns sum to zero.
    ``solver``: 'auto' (sparse Green's function for devices) or 'kwant'.
    ``dephasing``, ``probes``: floating Buttiker probes (see `conductance`).

    Returns
    -------
    numpy.ndarray, shape (number of leads, number of leads)
    """
    energy = check_energy(energy)
    if _dephasing._check_dephasing(dephasing):
        if solver != "auto":
            raise ValueError("dephasing uses its own solver: leave solver='auto'")
        return _dephasing.dephased_conductance_matrix(device, energy, dephasing, probes=probes,
                                                      **params)
    if solver == "slice":
        raise ValueError("solver='slice' gives two-terminal quantities only")
    device, fast, params = _fast_solver(device, solver, params)
    if fast is None:
        return np.asarray(smatrix(device, energy, **params).conductance_matrix())
    if not isinstance(fast, solvers.SparseGreensSolver):
        device, fast, params = _fast_solver(device, "sparse", params)
    return fast.conductance_matrix(energy, params)


def open_modes(device, energy, lead=0, **params):
    """Number of propagating modes (channels) in ``lead`` at ``energy``."""
    energy = check_energy(energy)
    fsyst, params = resolve(device, params)
    lead = check_lead(fsyst, lead)
    return int(fsyst.leads[lead].modes(energy, params=params)[0].momenta.size // 2)
