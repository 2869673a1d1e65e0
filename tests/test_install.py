"""The environment: Kwant 1.5.0 with MUMPS as its default solver."""

import numpy as np
import kwant
import pytest

import devices
import physics


def test_kwant_default_solver_is_mumps():
    # Without MUMPS Kwant silently falls back to a several times slower scipy solver.
    import kwant.solvers.default as default
    assert default.smodule.__name__ == "kwant.solvers.mumps"


def test_versions():
    assert kwant.__version__ == "1.5.0"
    major, minor = (int(v) for v in np.__version__.split(".")[:2])
    assert (major, minor) < (2, 5), "Kwant 1.5.0 calls np.cross on 2-vectors"


@pytest.mark.parametrize("solver", ["kwant", "sparse"])
def test_project_solvers_are_deterministic_mumps(solver):
    """AMF ordering: a repeated MUMPS solve is identical bit for bit (Scotch's is not).

    Both MUMPS paths are exercised, Kwant's ``kwant.smatrix`` (``solver='kwant'``,
    `physics.transport.system.SOLVER`) and the project's sparse Green's function
    (`physics.transport.mumps.SparseLU`), with other solves in between (Scotch's
    random state carries over from one call to the next).
    """
    from physics.transport import mumps, system
    assert isinstance(system.SOLVER, kwant.solvers.mumps.Solver)
    # Large enough for Scotch to show its randomness (measured: 40 x 50 with Scotch
    # gives four different g in the last 3 digits in four calls).
    film = devices.Film(width=40, length=50)
    other = devices.Wire(width=30, length=31)
    params = dict(disorder=2.0, seed=5, phi=0.01)
    values = []
    for k in range(3):
        if solver == "kwant":
            values.append(physics.conductance(film, 1.3, solver=solver, **params))
        else:  # a new solver each time: a new symbolic analysis (ordering) each time
            fresh = physics.transport.solvers.SparseGreensSolver(film)
            values.append(fresh.transmission(1.3, film.solve_params(**params)))
        physics.conductance(other, 0.7 + 0.1 * k, solver=solver, disorder=1.0, seed=k)
    assert len(set(values)) == 1
    assert mumps.SparseLU().ordering in mumps.DETERMINISTIC_ORDERINGS


def test_determinism_test_uses_the_solver_it_names(monkeypatch):
    """Guard against the old defect: the test above must reach the MUMPS path it names."""
    from physics.transport import system, mumps

    def forbidden(*args, **kwargs):
        raise AssertionError("reached")

    monkeypatch.setattr(system.SOLVER, "smatrix", forbidden)
    with pytest.raises(AssertionError, match="reached"):
        physics.conductance(devices.Film(width=4, length=5), 1.3, solver="kwant")
    monkeypatch.setattr(mumps.SparseLU, "factor", forbidden)
    with pytest.raises(AssertionError, match="reached"):
        physics.conductance(devices.Film(width=4, length=6), 1.3, solver="sparse")
