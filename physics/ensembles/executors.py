"""Where the samples of an ensemble run: this process, a local process pool, or Dask.

`backend` turns the ``executor`` argument of `physics.ensemble` into a submit
function; `process_pool` is the project's one local process pool (also used by
the scaling sweeps and gallery pages); `local_dask_cluster` starts a Dask
cluster configured for compute-bound samples (`DASK_CONFIG`).
"""

import concurrent.futures
import contextlib
import multiprocessing
import numbers
import os
import re
import signal
import threading
import time

from ..threads import one_blas_thread

__all__ = ["backend", "check_executor", "check_scheduler_reachable", "forks_local_workers",
           "process_pool", "local_dask_cluster", "DASK_CONFIG", "one_blas_thread",
           "sigterm_as_interrupt", "is_dask_client", "batches"]


def check_executor(executor):
    """Reject a bad ``executor`` before anything is computed or written."""
    if executor is None or executor == "serial" or is_dask_client(executor):
        return
    if isinstance(executor, concurrent.futures.Executor):
        return
    if isinstance(executor, numbers.Integral) and not isinstance(executor, bool):
        if executor < 1:
            raise ValueError(f"executor (number of workers) must be >= 1, got {executor}")
        return
    if isinstance(executor, str):
        if re.fullmatch(r"([a-z]+://)?[^\s:/]+:\d+", executor):
            check_scheduler_reachable(executor)
            return
        raise ValueError(f"executor must be 'serial' or a scheduler address such as "
                         f"'tcp://host:8786', got {executor!r}")
    raise TypeError("executor must be None, 'serial', a number of workers, a "
                    "concurrent.futures.Executor, a distributed.Client or a scheduler address; "
                    f"got {executor!r}")


#: How long (s) `check_scheduler_reachable` waits for a scheduler to accept a connection.
SCHEDULER_CONNECT_TIMEOUT = 5.0


def check_scheduler_reachable(address, timeout=SCHEDULER_CONNECT_TIMEOUT):
    """Refuse a Dask scheduler address ('tcp://host:port') that accepts no connection, in
    one line and before a store is created (Dask itself would wait 30 s and then raise a
    long timeout traceback)."""
    import socket
    host, port = address.rsplit("://", 1)[-1].rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise ValueError(f"executor: no Dask scheduler reachable at {address} ({reason})") from None


def is_dask_client(executor):
    """Whether ``executor`` is a `distributed.Client` (without importing distributed)."""
    return type(executor).__module__.split(".")[0] == "distributed" and hasattr(executor, "submit")


#: How often (s) a pool worker checks that the process that started it is alive.
PARENT_POLL_INTERVAL = 0.5


def _exit_with_parent(parent):
    """Pool-worker initializer: exit as soon as ``parent`` (a pid) is gone.

    A worker blocked on its task queue never notices that its parent was killed
    (SIGKILL leaves no chance to shut the pool down): it would stay alive,
    reparented to init, holding its memory.  A daemon thread polls the parent.
    """
    def watch():
        while True:
            time.sleep(PARENT_POLL_INTERVAL)
            if os.getppid() != parent:
                os._exit(1)  # no cleanup: the parent that would collect results is gone

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
    # Ctrl-C reaches the whole process group: the parent handles it (and stops the pool);
    # workers printing their own KeyboardInterrupt tracebacks only buried its one line.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits `sigterm_as_interrupt`'s handler; the pool stops its workers
    # with SIGTERM (after an error or an interrupt): they end silently, not with a traceback.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def process_pool(workers=None):
    """A local `concurrent.futures.ProcessPoolExecutor` of ``workers`` processes (default: cores).

    Forked where the platform allows it: workers start in milliseconds with
    everything imported, and scripts without a ``__main__`` guard (gallery
    pages, notebooks) work.  Workers exit by themselves within
    `PARENT_POLL_INTERVAL` seconds when the process that made the pool dies,
    however it dies (SIGKILL included).
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    if isinstance(workers, bool) or not isinstance(workers, numbers.Integral) or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=int(workers), mp_context=multiprocessing.get_context(method),
        initializer=_exit_with_parent, initargs=(os.getpid(),))


def forks_local_workers(executor):
    """Whether ``executor`` makes a local pool of several workers forked from this process
    (which then inherit what this process has built)."""
    if executor is None:
        workers = os.cpu_count() or 1
    elif isinstance(executor, numbers.Integral) and not isinstance(executor, bool):
        workers = int(executor)
    else:
        return False
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def backend(executor):
    """Yield ``(submit, as_completed, n_workers, tasks_per_worker)``, or None (serial)."""
    if isinstance(executor, str) and executor == "serial":
        yield None
        return
    if executor is None or (isinstance(executor, numbers.Integral) and not isinstance(executor, bool)):
        workers = (os.cpu_count() or 1) if executor is None else int(executor)
        if workers < 1:
            raise ValueError(f"executor (number of workers) must be >= 1, got {workers}")
        pool = process_pool(workers)
        try:
            yield pool.submit, concurrent.futures.as_completed, workers, 16
        except BaseException:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()  # prompt stop on Ctrl-C / SIGTERM
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        else:
            pool.shutdown()
        return
    if isinstance(executor, concurrent.futures.Executor):
        yield (executor.submit, concurrent.futures.as_completed,
               getattr(executor, "_max_workers", os.cpu_count() or 1), 16)
        return
    if isinstance(executor, str) or is_dask_client(executor):
        import distributed
        client = distributed.Client(executor) if isinstance(executor, str) else executor
        try:
            n_workers = len(client.scheduler_info().get("workers", {})) or 1
            # Each Dask task costs a few ms of scheduling and transfer: fewer, larger tasks.
            yield ((lambda fn, *args: client.submit(fn, *args, pure=False)),
                   distributed.as_completed, n_workers, 4)
        finally:
            if isinstance(executor, str):
                client.close()
        return
    check_executor(executor)


def batches(seeds, n_workers, tasks_per_worker=16, max_size=8):
    """Split ``seeds`` into tasks: enough per worker to balance the load, not too many.

    Results stream to the store task by task, so ``max_size`` also bounds the
    work lost to an interruption.
    """
    size = max(1, min(max_size, len(seeds) // (tasks_per_worker * max(n_workers, 1))))
    return [seeds[i:i + size] for i in range(0, len(seeds), size)]


@contextlib.contextmanager
def sigterm_as_interrupt():
    """Treat SIGTERM like Ctrl-C while a run is in progress (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: Dask settings for compute-bound ensembles (`local_dask_cluster`).  Dask's
#: defaults poll every worker and the scheduler many times a second (event-loop
#: tick every 20 ms, statistical profiler every 10 ms, memory monitor every
#: 100 ms, system monitor every 500 ms): idle, a 2-worker cluster used ~10 % of
#: a core, and under load that competes with the workers for the same cores.
#: Here the loop ticks and system monitor run every second, the profiler is
#: off and memory is neither spilled nor policed (a task holds one seed's small
#: arrays).  Tasks go to the workers as they are submitted instead of waiting
#: in the scheduler's queue (half the scheduler's CPU time; all tasks cost the
#: same and work stealing still balances the load).  Dask's nannies also start
#: workers with MALLOC_TRIM_THRESHOLD_=65536, which returns freed memory to the
#: system eagerly: every solve's arrays are then mapped and faulted in anew,
#: +6 % CPU per sample (paired measurement, +-1 %); it is left out, the
#: one-thread BLAS/OpenMP settings are kept.
DASK_CONFIG = {
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1,
                                            "OPENBLAS_NUM_THREADS": 1},
    "distributed.scheduler.worker-saturation": float("inf"),
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "1s",
    "distributed.worker.profile.enabled": False,
    "distributed.worker.memory.target": False,
    "distributed.worker.memory.spill": False,
    "distributed.worker.memory.pause": False,
    "distributed.worker.memory.terminate": False,
}


def local_dask_cluster(n_workers=None, **kwargs):
    """A Dask `LocalCluster` for ensembles: one single-threaded worker process per core.

    Workers run one task at a time (MUMPS through Kwant is not thread-safe
    and each sample is limited to one BLAS thread anyway) with `DASK_CONFIG`,
    which keeps Dask's own bookkeeping off the cores the samples need.  Use it
    as ``with local_dask_cluster() as cluster, distributed.Client(cluster) as
    client: ensemble(..., executor=client)``.  For a cluster started
    elsewhere, start workers with ``--nthreads 1`` and set the same options
    (``dask.config.set(DASK_CONFIG)`` or a Dask configuration file).

    Parameters
    ----------
    n_workers : int, optional
        Worker processes (default: the number of cores).
    **kwargs
        Passed on to `distributed.LocalCluster` (e.g. ``dashboard_address``).

    Returns
    -------
    distributed.LocalCluster
    """
    import dask
    import distributed

    workers = (os.cpu_count() or 1) if n_workers is None else n_workers
    if (isinstance(workers, bool) or not isinstance(workers, numbers.Integral)
            or workers < 1):
        raise ValueError(f"n_workers must be a positive integer, got {n_workers!r}")
    kwargs.setdefault("dashboard_address", None)
    # The scheduler (here) and the worker processes read these settings when they start.
    with dask.config.set(DASK_CONFIG):
        return distributed.LocalCluster(n_workers=int(workers), threads_per_worker=1,
                                        processes=True, **kwargs)
