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
