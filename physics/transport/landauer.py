"""Landauer-Buttiker transport: the one dispatcher for coherent, dephased and thermal transport.

`observables` computes any set of the `OBSERVABLES` of one sample at one energy:
at temperature T > 0 the Fermi-window average of the T = 0 conductance
(`smeared_conductance`), with Buttiker probes (``dephasing`` > 0) the probe
solver, otherwise the device's fast Green's-function solver (or Kwant's
``kwant.smatrix`` with ``solver='kwant'``).  `conductance`,
`conductance_matrix`, `transmission_eigenvalues` and the ensembles all go
through it.

All energies are in t measured from the band bottom, conductances in e^2/h,
summed over all modes Kwant knows (a spinful device counts both spins).
"""

import contextlib
import contextvars
import warnings

import numpy as np

from devices.validation import RegimeWarning

from . import dephasing as probes_module, solvers
from .system import SOLVER, as_device, check_energy, check_lead, resolve
from .thermal import TAIL_TOLERANCE, check_temperature, thermal_average
from ..threads import one_blas_thread

__all__ = ["observables", "smatrix", "conductance", "transmission_eigenvalues",
           "conductance_matrix", "open_modes", "smeared_conductance", "conductance_on_grid",
           "OBSERVABLES", "TWO_TERMINAL_OBSERVABLES", "SOLVERS", "closed_leads",
           "lead_band_range", "closed_lead_message", "without_channel_check",
           "warn_closed_points"]

SOLVERS = ("auto", "kwant", "slice", "sparse")

#: Observables of one sample at one energy: name -> (extra dims, units, description).
OBSERVABLES = {
    "conductance": ((), "e^2/h", "two-terminal conductance sum_n T_n (lead 0 -> lead 1)"),
    "transmission_eigenvalues": (("channel",), "1",
                                 "eigenvalues of t^dagger t, descending, NaN-padded"),
    "fano_factor": ((), "1", "sum T(1-T) / sum T"),
    "conductance_matrix": (("lead_out", "lead_in"), "e^2/h", "I = G V, G_pq = -T_pq"),
    "unitarity_residual": ((), "1", "max |S^dagger S - 1|"),
}
TWO_TERMINAL_OBSERVABLES = ("conductance", "transmission_eigenvalues", "fano_factor")
#: Observables defined only for phase-coherent transport at T = 0.
COHERENT_OBSERVABLES = ("transmission_eigenvalues", "fano_factor", "unitarity_residual")


def check_observables(names, dephasing=0.0, temperature=0.0):
    """Validate a sequence of `OBSERVABLES` names against the transport regime."""
    if isinstance(names, str):
        names = (names,)
    if isinstance(names, (bytes, dict)) or not hasattr(names, "__iter__"):
        raise TypeError(f"observables must be a sequence of names from "
                        f"{', '.join(OBSERVABLES)}, got {names!r}")
    names = tuple(names)
    not_names = [name for name in names if not isinstance(name, str)]
    if not_names:
        raise TypeError(f"observables must be names (str) from {', '.join(OBSERVABLES)}, "
                        f"got {not_names[0]!r}")
    names = tuple(dict.fromkeys(names))
    unknown = sorted(set(names) - set(OBSERVABLES))
    if unknown:
        raise ValueError(f"unknown observable(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(OBSERVABLES)}")
    if dephasing and set(names) & set(COHERENT_OBSERVABLES):
        raise ValueError("with dephasing only conductance and conductance_matrix are defined "
                         "(the probes are not phase-coherent channels)")
    if temperature and set(names) - {"conductance"}:
        raise ValueError("with temperature only the (thermally averaged) conductance is recorded")
    return names


def observables(device, energy, names=("conductance",), *, solver="auto", dephasing=0.0,
                probes="all", temperature=0.0, **params):
    """Several `OBSERVABLES` of one sample at one energy, from as few solves as possible.

    Parameters
    ----------
    device : devices.Device, devices.KwantDevice or Kwant system
    energy : float
        Fermi energy (chemical potential) in t from the band bottom.
    names : sequence of str
        Keys of `OBSERVABLES`.
    solver, dephasing, probes, temperature
        As in `conductance`.
    **params
        Solve-time parameters.

    Returns
    -------
    dict
        ``{name: value}``: floats, and arrays for ``transmission_eigenvalues``
        (descending) and ``conductance_matrix``.
    """
    energy = check_energy(energy)
    temperature = check_temperature(temperature)
    dephasing = probes_module.check_dephasing(dephasing)
    names = check_observables(names, dephasing, temperature)
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}, got {solver!r}")
    device = as_device(device)
    if temperature:
        # No channel check: below a threshold the thermal tail is the physics (activation).
        return {"conductance": smeared_conductance(device, energy, temperature, solver=solver,
                                                   dephasing=dephasing, probes=probes,
                                                   **params)}
    two_terminal = bool(set(names) & set(TWO_TERMINAL_OBSERVABLES))
    if two_terminal:
        _check_two_leads(device)
    if _CHANNEL_CHECK.get():
        checked = device.solve_params(**params)  # bad parameters fail before any build
        with one_blas_thread():
            # The lead modes of the solver about to run (cached: the solve reuses them).
            lead_source = (None if dephasing or solver == "kwant" else
                           _two_terminal_solver(device, solver) if two_terminal else
                           solvers.sparse_solver(device))
            _warn_if_closed(device, energy, checked, lead_source)
    if dephasing:
        if solver != "auto":
            raise ValueError("dephasing uses its own solver: leave solver='auto'")
        with one_blas_thread():
            matrix = probes_module.dephased_conductance_matrix(device, energy, dephasing,
                                                               probes=probes, **params)
        out = {"conductance": float(-matrix[1, 0])} if "conductance" in names else {}
        if "conductance_matrix" in names:
            out["conductance_matrix"] = matrix
        return out
    with one_blas_thread():
        return _coherent(device, energy, names, solver, device.solve_params(**params))


# --- leads without an open channel ----------------------------------------------

_CHANNEL_CHECK = contextvars.ContextVar("channel_check", default=True)


@contextlib.contextmanager
def without_channel_check():
    """No `devices.RegimeWarning` for closed leads within (thermal windows reach below
    thresholds by design; an ensemble checks its sweep once, `physics.ensemble`)."""
    token = _CHANNEL_CHECK.set(False)
    try:
        yield
    finally:
        _CHANNEL_CHECK.reset(token)


def closed_leads(device, energy, params, solver=None):
    """Indices of the leads of ``device`` with no propagating mode at ``energy``.

    ``params``: complete solve-time parameters (`devices.Device.solve_params`).
    ``solver``: a fast solver (`physics.transport.solvers`) whose cached lead modes to
    use (free where its solve follows); None: Kwant's lead modes.
    """
    if solver is not None:
        _, _, channels = solver.leads(energy, params)
        return [i for i, c in enumerate(channels) if c.shape[1] == 0]
    leads = device.finalized.leads
    return [i for i, lead in enumerate(leads)
            if lead.modes(energy, params=params)[0].momenta.size == 0]


def lead_band_range(device, lead, params, n_momenta=201):
    """``(bottom, top)`` in t of the bands of ``lead`` at ``params`` (its subband
    thresholds start at ``bottom``)."""
    import kwant
    bands = kwant.physics.Bands(device.finalized.leads[lead], params=params)
    energies = np.array([bands(k) for k in np.linspace(-np.pi, np.pi, n_momenta)])
    return float(energies.min()), float(energies.max())


def closed_lead_message(device, energy, lead, params):
    """Why lead ``lead`` is closed at ``energy``: below its first threshold or above its band."""
    bottom, top = lead_band_range(device, lead, params)
    # At a threshold itself the new mode does not propagate yet (zero velocity).
    edge = 1e-9 * max(1.0, abs(bottom), abs(top))
    where = (f"at or below its first subband threshold {bottom:.4g} t" if energy <= bottom + edge
             else f"at or above its band top {top:.4g} t" if energy >= top - edge else
             f"in a gap of its bands ({bottom:.4g} .. {top:.4g} t)")
    return (f"energy = {energy:.4g} t: lead {lead} has no open channel, {where} at these "
            f"parameters: the conductance is 0")


def warn_closed_points(device, points, solver=None, what="sweep points", stacklevel=2):
    """One `devices.RegimeWarning` if a lead is closed at some of ``points``.

    ``points``: ``(energy, params)`` pairs (complete solve-time parameters);
    ``solver`` as in `closed_leads`.  Returns the number of closed points.
    """
    points = list(points)
    closed, first = 0, None
    with one_blas_thread():
        for energy, params in points:
            leads = closed_leads(device, energy, params, solver)
            if leads:
                closed += 1
                first = first or closed_lead_message(device, energy, leads[0], params)
    if closed:
        warnings.warn(f"at {closed} of {len(points)} {what} a lead has no open channel (the "
                      f"conductance is 0 there); the first: {first}", RegimeWarning,
                      stacklevel=stacklevel + 1)
    return closed


def _warn_if_closed(device, energy, params, solver):
    closed = closed_leads(device, energy, params, solver)
    if closed:
        warnings.warn(closed_lead_message(device, energy, closed[0], params), RegimeWarning,
                      stacklevel=5)


def _coherent(device, energy, names, solver, params):
    """Phase-coherent observables at T = 0 from the fast solver or Kwant's."""
    out = {}
    two_terminal = [n for n in names if n in TWO_TERMINAL_OBSERVABLES]
    if two_terminal:
        need_taus = two_terminal != ["conductance"]
        if solver == "kwant":
            S = smatrix(device, energy, **params)
            total, t = float(S.transmission(1, 0)), S.submatrix(1, 0)
            taus = np.linalg.eigvalsh(t.conj().T @ t)[::-1] if need_taus else None
        else:
            total, taus = _two_terminal_solver(device, solver).two_terminal(
                energy, params, eigenvalues=need_taus)
        out["conductance"] = total
        if need_taus:
            out["transmission_eigenvalues"] = taus
            total = taus.sum()
            out["fano_factor"] = float(np.sum(taus * (1 - taus)) / total) if total > 0 else np.nan
        out = {name: out[name] for name in two_terminal}
    if "conductance_matrix" in names:
        if solver == "slice":
            raise ValueError("solver='slice' gives two-terminal quantities only")
        out["conductance_matrix"] = (
            np.asarray(smatrix(device, energy, **params).conductance_matrix())
            if solver == "kwant" else solvers.sparse_solver(device).conductance_matrix(energy, params))
    if "unitarity_residual" in names:
        # Needs the full S-matrix in the mode basis: Kwant's solver.
        S = smatrix(device, energy, **params).data
        out["unitarity_residual"] = (float(np.max(np.abs(S.conj().T @ S - np.eye(S.shape[0]))))
                                     if S.size else 0.0)
    return out


def _two_terminal_solver(device, solver):
    if solver == "slice":
        if not solvers.SliceGreensSolver.applies(device):
            raise ValueError(f"solver='slice' needs a two-terminal bar of at most "
                             f"{solvers.FRACTIONAL_SLICE_LIMIT} sites per slice (2D, 3D) "
                             f"without spin, {solvers.SLICE_LIMIT} orbitals with spin")
        return solvers.slice_solver(device)
    if solver == "sparse":
        return solvers.sparse_solver(device)
    return solvers.solver_for(device)


def _check_two_leads(device):
    n_leads = device.n_leads
    if n_leads != 2:
        raise ValueError(f"a two-terminal quantity needs a device with 2 leads, "
                         f"this one has {n_leads}; use conductance_matrix")


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
    return observables(device, energy, ("conductance",), solver=solver, dephasing=dephasing,
                       probes=probes, temperature=temperature, **params)["conductance"]


def transmission_eigenvalues(device, energy, *, solver="auto", **params):
    """Eigenvalues T_n of t^dagger t (t = S_10), in descending order.

    Their sum is the conductance in e^2/h; their distribution is compared with
    the Dorokhov bimodal density (docs/theory/quasi_1d.md#transmission-eigenvalues).
    ``solver`` as in `conductance`.

    Returns
    -------
    numpy.ndarray of float, shape (number of modes in lead 0,)
    """
    return observables(device, energy, ("transmission_eigenvalues",), solver=solver,
                       **params)["transmission_eigenvalues"]


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
    return observables(device, energy, ("conductance_matrix",), solver=solver,
                       dephasing=dephasing, probes=probes, **params)["conductance_matrix"]


def open_modes(device, energy, lead=0, **params):
    """Number of propagating modes (channels) in ``lead`` at ``energy``."""
    energy = check_energy(energy)
    fsyst, params = resolve(device, params)
    lead = check_lead(fsyst, lead)
    return int(fsyst.leads[lead].modes(energy, params=params)[0].momenta.size // 2)


def smeared_conductance(device, energy, temperature, *, energy_step=None, nodes=None,
                        tail_tolerance=TAIL_TOLERANCE, solver="auto", dephasing=0.0,
                        probes="all", **params):
    """Electrical conductance of one sample at temperature T: ``int dE g(E) (-df/dE)``.

    (The thermally smeared *electrical* conductance; the heat conductance is
    `thermoelectric`'s ``kappa``.)  Evaluates `physics.conductance` of the
    same device and realization at the quadrature energies (the device caches
    its solver; lead self-energies are cached per energy).

    Parameters
    ----------
    device : devices.Device
        A two-terminal device.
    energy : float
        Chemical potential mu in t from the band bottom.
    temperature : float
        k_B T in t, >= 0 (0 is `physics.conductance` at ``energy``).
    energy_step : float, optional
        Default: a uniform grid of spacing k_BT/4 over mu +- 21 k_BT (~170
        solves), exact for piecewise-linear g(E).  A disordered sample's g(E)
        varies on its correlation energy E_c ~ E_T: for k_BT > E_c pass
        ``energy_step`` <~ E_c/4.
    nodes : int, optional
        Use an n-point Gauss-Fermi rule instead (n solves; accurate when g(E)
        is smooth on the scale of k_BT, i.e. k_BT << E_c, and away from
        subband thresholds).
    tail_tolerance : float
        Window weight allowed outside the grid.
    solver, dephasing, probes
        As in `physics.conductance`.
    **params
        Solve-time parameters of the device (``disorder``, ``seed``, ...).

    Returns
    -------
    float
        g(T) in e^2/h.
    """
    energy = check_energy(energy)
    temperature = check_temperature(temperature)
    options = dict(solver=solver, dephasing=dephasing, probes=probes)
    if temperature == 0:
        return conductance(device, energy, **options, **params)
    if nodes is not None and energy_step is not None:
        raise ValueError("give either nodes (Gauss-Fermi) or energy_step (grid), not both")
    if hasattr(device, "solve_params"):
        params = device.solve_params(**params)  # fail before any solve
    if nodes is None and energy_step is None:
        energy_step = temperature / 4

    def g(e):
        with without_channel_check():
            return conductance(device, e, **options, **params)

    return thermal_average(g, energy, temperature, nodes=nodes, energy_step=energy_step,
                           tail_tolerance=tail_tolerance)


def conductance_on_grid(device, energies, seeds=None, *, solver="auto", **params):
    """g(E) of one or several disorder realizations on an energy grid, in e^2/h.

    Loops over energies outside and seeds inside, so that the lead
    self-energies (cached per energy by the fast solvers, which keep at most
    64-4096 energies within a memory budget) are computed once per energy, not once per (energy, seed):
    for an energy sweep they dominate the cost of a small sample.

    Parameters
    ----------
    device : devices.Device
        A two-terminal device.
    energies : array_like
        Energies in t from the band bottom.
    seeds : iterable of int, optional
        Disorder seeds; ``None`` uses ``params`` as given (one row).
    solver : str
        As in `physics.conductance`.
    **params
        Other solve-time parameters.

    Returns
    -------
    numpy.ndarray, shape (number of seeds, number of energies)
    """
    energies = np.atleast_1d(np.asarray(energies, dtype=float))
    if energies.ndim != 1 or not np.all(np.isfinite(energies)):
        raise ValueError("energies must be a finite 1-D sequence")
    if seeds is None:
        rows = [params]
    else:
        if "seed" in params:
            raise ValueError("give the seed either in seeds or as a parameter, not both")
        rows = [dict(params, seed=seed) for seed in seeds]
    if not rows:
        raise ValueError("seeds must not be empty")
    device = as_device(device)
    rows = [device.solve_params(**row) for row in rows]  # fail before any solve
    if _CHANNEL_CHECK.get():  # once for the grid (the leads are the same for every seed)
        warn_closed_points(device, [(e, rows[0]) for e in energies],
                           None if solver == "kwant" else _two_terminal_solver(device, solver),
                           what="energies", stacklevel=2)
    table = np.empty((len(rows), energies.size))
    with without_channel_check():
        for j, energy in enumerate(energies):
            for i, row in enumerate(rows):
                table[i, j] = conductance(device, float(energy), solver=solver, **row)
    return table
