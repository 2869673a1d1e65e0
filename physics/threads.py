"""The BLAS thread policy: every solve runs with one BLAS thread.

The dense blocks of a mesoscopic sample are small (tens to a few hundred
orbitals): threaded BLAS only adds synchronization, and when the cores are
shared (ensemble workers, gallery pages side by side) it is several times
slower (measured: 10 solves of a spinful 40 x 100 wire, 8.7 s with the default
threads against 0.74 s with one on 2 cores).  `physics.conductance` and the
other transport functions, and every ensemble sample, run inside
`one_blas_thread`.
"""

import os

__all__ = ["one_blas_thread"]

_CONTROLLERS = {}


def one_blas_thread():
    """Limit BLAS to one thread for the duration of a ``with`` block (restored after).

    The library scan of ``threadpoolctl`` costs ~2 ms, so the controller is made
    once per process, after the solvers (and the BLAS under MUMPS) are loaded.
    """
    from threadpoolctl import ThreadpoolController
    pid = os.getpid()
    if pid not in _CONTROLLERS:
        _CONTROLLERS.clear()
        _CONTROLLERS[pid] = ThreadpoolController()
    return _CONTROLLERS[pid].limit(limits=1)
