import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import devices


@pytest.fixture(scope="session", autouse=True)
def single_threaded_blas():
    """One BLAS thread, as in the ensembles and gallery pages: small dense problems
    are slower with threads, dramatically so when the cores are shared."""
    with threadpool_limits(limits=1):
        yield


#: The project's fast solvers (physics.conductance's ``solver=``), each compared with Kwant.
FAST_SOLVERS = ("sparse", "slice")


@pytest.fixture(params=FAST_SOLVERS)
def fast_solver(request):
    """Each fast solver in turn: ``fast_solver.name`` and ``fast_solver.applies(device)``."""
    from physics.transport import solvers

    class FastSolver(str):
        def applies(self, device, two_terminal=True):
            if self == "slice":
                return two_terminal and solvers.SliceGreensSolver.applies(device)
            return True

    return FastSolver(request.param)


@pytest.fixture(scope="session")
def small_wire():
    return devices.Wire(width=8, length=16)


@pytest.fixture(scope="session")
def spin_wire():
    return devices.Wire(width=6, length=12, spin=True)


def assert_close(actual, expected, tol, what):
    """Absolute agreement within ``tol``, with a message saying what was compared."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    error = np.max(np.abs(actual - expected))
    assert error <= tol, f"{what}: max deviation {error:.3g} > {tol:g}"
