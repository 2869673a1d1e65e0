"""The environment: Kwant 1.5.0 with MUMPS as its default solver."""

import numpy as np
import kwant

import physics


def test_kwant_default_solver_is_mumps():
    # Without MUMPS Kwant silently falls back to a several times slower scipy solver.
    import kwant.solvers.default as default
    assert default.smodule.__name__ == "kwant.solvers.mumps"


def test_versions():
    assert kwant.__version__ == "1.5.0"
    major, minor = (int(v) for v in np.__version__.split(".")[:2])
    assert (major, minor) < (2, 5), "Kwant 1.5.0 calls np.cross on 2-vectors"


def test_project_solver_is_deterministic_mumps(small_wire):
    # AMF ordering: a repeated solve is identical bit for bit (Scotch is not).
    assert isinstance(physics.transport.SOLVER, kwant.solvers.mumps.Solver)
    values = {physics.conductance(small_wire, 1.3, disorder=2.0, seed=5, phi=0.01)
              for _ in range(3)}
    assert len(values) == 1
