"""Disorder ensembles: reproducible, resumable, persisted, parallel.

`ensemble` computes observables for every disorder seed and every point of a
parameter sweep and returns a labelled `xarray.Dataset`.  One task is one
seed over the whole sweep grid (the realization is the same at every sweep
point).  A task's result depends only on its inputs: MUMPS runs with the
deterministic AMF ordering and BLAS is limited to one thread, so results are
identical bit for bit whatever the executor or the number of workers.
"""

import concurrent.futures
import contextlib
import dataclasses
import multiprocessing
import numbers
import os
import pathlib
import re
import signal
import sys
import threading

import numpy as np

from . import dephasing, provenance, solvers, store as result_store, thermal
from ._system import as_device, check_energy
from .transport import conductance_matrix, smatrix

__all__ = ["ensemble", "rerun", "local_dask_cluster", "OBSERVABLES", "DASK_CONFIG"]

#: Observables an ensemble can record: name -> (extra dims, units, description).
OBSERVABLES = {
    "conductance": ((), "e^2/h", "two-terminal conductance sum_n T_n (lead 0 -> lead 1)"),
    "transmission_eigenvalues": (("channel",), "1",
                                 "eigenvalues of t^dagger t, descending, NaN-padded"),
    "fano_factor": ((), "1", "sum T(1-T) / sum T"),
    "conductance_matrix": (("lead_out", "lead_in"), "e^2/h", "I = G V, G_pq = -T_pq"),
    "unitarity_residual": ((), "1", "max |S^dagger S - 1|"),
}
_TWO_TERMINAL = {"conductance", "transmission_eigenvalues", "fano_factor"}
#: Transport options that are not Hamiltonian parameters but can be fixed or swept:
#: name -> validator.  ``dephasing``: Buttiker-probe coupling eta (t) on every site.
TRANSPORT_OPTIONS = {"dephasing": lambda value: dephasing._check_dephasing(value),
                     "probes": lambda value: _check_probes(value),
                     "temperature": lambda value: thermal._check_temperature(value)}


def _check_probes(value):
    if not isinstance(value, str):
        raise ValueError(f"probes must be one of {', '.join(dephasing.PROBE_PATTERNS)} in an "
                         f"ensemble (a named layout is stored with the data), got {value!r}")
    dephasing.probe_grid_stride(value)
    return value


@dataclasses.dataclass(frozen=True)
class _Plan:
    """A validated ensemble configuration: everything that determines the results."""

    device: object
    energy: float | None
    seeds: tuple
    sweep: dict
    fixed: dict
    observables: tuple
    n_channels: int
    n_leads: int

    @property
    def shape(self):
        return tuple(len(v) for v in self.sweep.values())

    def config(self):
        return {
            "device": provenance.describe_device(self.device),
            "energy": self.energy,
            "seeds": list(self.seeds),
            "sweep": {k: [float(x) for x in v] for k, v in self.sweep.items()},
            "fixed": {k: provenance._jsonable(v) for k, v in self.fixed.items()},
            "observables": list(self.observables),
        }


def _plan(device, energy, seeds, sweep, observables, fixed):
    device = as_device(device)
    specs = device.parameter_specs
    if "seed" not in specs:
        raise TypeError("the device has no 'seed' parameter: its Hamiltonian does not depend "
                        "on a disorder seed, so there is no ensemble to run (a Kwant system's "
                        "value functions must take 'seed')")
    # Seeds.
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be an iterable of non-negative integers, got {seeds!r}")
    seeds = tuple(specs["seed"].check("seeds", s) for s in seeds)
    if not seeds:
        raise ValueError("seeds must not be empty")
    if len(set(seeds)) != len(seeds):
        raise ValueError("seeds must not repeat")
    # Sweep.
    sweep = {} if sweep is None else sweep
    if not isinstance(sweep, dict):
        raise TypeError(f"sweep must be a dict of parameter -> values, got {type(sweep).__name__}")
    checked_sweep = {}
    for name, values in sweep.items():
        label = f"sweep[{name!r}]"
        if name == "seed":
            raise ValueError("seed cannot be swept: pass seeds=")
        if name == "probes":
            raise ValueError("probes cannot be swept: pass probes= (fixed)")
        if name != "energy" and name not in specs and name not in TRANSPORT_OPTIONS:
            raise TypeError(f"{label}: unknown parameter; sweepable: energy, "
                            + ", ".join(TRANSPORT_OPTIONS) + ", "
                            + ", ".join(n for n in specs if n != "seed"))
        values = np.atleast_1d(np.asarray(values))
        if values.ndim != 1 or values.size == 0:
            raise ValueError(f"{label} must be a non-empty 1-d sequence")
        if name == "energy":
            check = check_energy
        elif name in TRANSPORT_OPTIONS:
            check = TRANSPORT_OPTIONS[name]
        else:
            check = (lambda v, n=name: specs[n].check(label, v))
        checked_sweep[name] = np.array([check(v.item()) for v in values])
    # Energy.
    if "energy" in checked_sweep:
        if energy is not None:
            raise TypeError("energy is swept: do not also pass energy=")
    else:
        if energy is None:
            raise TypeError("energy is required (t, from the band bottom) unless swept")
        energy = check_energy(energy)
    # Fixed parameters.
    if "seed" in fixed:
        raise TypeError("pass seeds=, not seed=")
    clash = sorted(set(fixed) & set(checked_sweep))
    if clash:
        raise TypeError(f"{', '.join(clash)} both fixed and swept")
    unknown = sorted(set(fixed) - set(specs) - set(TRANSPORT_OPTIONS))
    if unknown:
        raise TypeError(f"unknown parameter(s) {', '.join(unknown)}; known: "
                        + ", ".join(n for n in specs if n != "seed") + ", "
                        + ", ".join(TRANSPORT_OPTIONS))
    fixed = {name: (TRANSPORT_OPTIONS[name](value) if name in TRANSPORT_OPTIONS
                    else specs[name].check(name, value))
             for name, value in fixed.items()}
    required = [name for name, spec in specs.items() if name != "seed"
                and name not in fixed and name not in checked_sweep
                and spec.required]
    if required:
        raise TypeError(f"the device needs parameter(s) {', '.join(required)}: fix them "
                        "(keyword arguments) or sweep them")
    # Observables (None: conductance, or the conductance matrix beyond two leads).
    if observables is None:
        observables = ()
    if isinstance(observables, str):
        observables = (observables,)
    if isinstance(observables, (bytes, dict)) or not hasattr(observables, "__iter__"):
        raise TypeError(f"observables must be a sequence of names from "
                        f"{', '.join(OBSERVABLES)}, got {observables!r}")
    observables = tuple(observables)
    unknown = sorted(set(observables) - set(OBSERVABLES))
    if unknown:
        raise ValueError(f"unknown observable(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(OBSERVABLES)}")
    n_leads = device.n_leads
    if n_leads == 2:
        observables = ("conductance",) + tuple(o for o in observables if o != "conductance")
    else:
        two_terminal = sorted(set(observables) & _TWO_TERMINAL)
        if two_terminal:
            raise ValueError(f"{', '.join(two_terminal)} need a two-terminal device; this one "
                             f"has {n_leads} leads (use conductance_matrix)")
        observables = ("conductance_matrix",) + tuple(
            o for o in observables if o != "conductance_matrix")
    observables = tuple(dict.fromkeys(observables))
    if "dephasing" in set(fixed) | set(checked_sweep) and set(observables) & {
            "transmission_eigenvalues", "fano_factor", "unitarity_residual"}:
        raise ValueError("with dephasing only conductance and conductance_matrix are defined "
                         "(the probes are not phase-coherent channels)")
    if "temperature" in set(fixed) | set(checked_sweep) and set(observables) - {"conductance"}:
        raise ValueError("with temperature only the (thermally averaged) conductance is recorded")
    n_channels = 0
    if "transmission_eigenvalues" in observables:
        n_channels = max(_open_modes(device, energy, point, fixed)
                         for point in _points(checked_sweep))
    return _Plan(device, energy, seeds, checked_sweep, fixed, observables, n_channels, n_leads)


def _points(sweep):
    """Every sweep point as a dict, in C order of the sweep grid."""
    names = list(sweep)
    for index in np.ndindex(*(len(v) for v in sweep.values())):
        yield {name: sweep[name][i].item() for name, i in zip(names, index)}


def _open_modes(device, energy, point, fixed):
    fixed = {k: v for k, v in fixed.items() if k not in TRANSPORT_OPTIONS}
    from .transport import open_modes
    point = dict(point)
    energy = point.pop("energy", energy)
    return open_modes(device, energy, 0, **fixed, **point)


# --- the task ------------------------------------------------------------------

_DEVICES = {}
_LOCK = threading.Lock()  # MUMPS through Kwant is not shared between threads


_BLAS = {}


def _one_blas_thread():
    """Limit BLAS to one thread (workers share the cores): a context manager.

    The library scan of ``threadpoolctl.threadpool_limits`` costs ~2 ms, a tenth
    of a small sample, so the controller is made once per process, after the
    solvers (and the BLAS under MUMPS) are loaded.
    """
    from threadpoolctl import ThreadpoolController
    pid = os.getpid()
    if pid not in _BLAS:
        _BLAS.clear()
        _BLAS[pid] = ThreadpoolController()
    return _BLAS[pid].limit(limits=1)


def _compute_seed(device, seed, energy, sweep, fixed, observables, n_channels, n_leads):
    """All observables of one disorder seed on the whole sweep grid."""
    device = _DEVICES.setdefault(device, device)  # built once per process
    shape = tuple(len(v) for v in sweep.values())
    out = {}
    extra_shapes = {"transmission_eigenvalues": (n_channels,),
                    "conductance_matrix": (n_leads, n_leads)}
    for name in observables:
        out[name] = np.full(shape + extra_shapes.get(name, ()), np.nan)
    fast = solvers.solver_for(device)
    two_terminal = "conductance" in out or "transmission_eigenvalues" in out or "fano_factor" in out
    with _LOCK, _one_blas_thread():
        for index, point in zip(np.ndindex(*shape), _points(sweep)):
            e = check_energy(point.pop("energy", energy))
            options = {name: point.pop(name, fixed.get(name, default))
                       for name, default in (("dephasing", 0.0), ("probes", "all"),
                                             ("temperature", 0.0))}
            params = device.solve_params(
                seed=seed, **{k: v for k, v in fixed.items() if k not in TRANSPORT_OPTIONS},
                **point)
            if options["temperature"]:
                out["conductance"][index] = thermal.smeared_conductance(
                    device, e, options["temperature"], dephasing=options["dephasing"],
                    probes=options["probes"], **params)
                continue
            if options["dephasing"]:
                matrix = dephasing.dephased_conductance_matrix(
                    device, e, options["dephasing"], probes=options["probes"], **params)
                if "conductance" in out:
                    out["conductance"][index] = -matrix[1, 0]
                if "conductance_matrix" in out:
                    out["conductance_matrix"][index] = matrix
                continue
            if two_terminal:
                need_taus = "transmission_eigenvalues" in out or "fano_factor" in out
                total, taus = fast.two_terminal(e, params, eigenvalues=need_taus)
                if "conductance" in out:
                    out["conductance"][index] = total
                if "transmission_eigenvalues" in out:
                    out["transmission_eigenvalues"][index][:taus.size] = taus
                if "fano_factor" in out:
                    total = taus.sum()
                    out["fano_factor"][index] = (np.sum(taus * (1 - taus)) / total
                                                 if total > 0 else np.nan)
            if "conductance_matrix" in out:
                out["conductance_matrix"][index] = conductance_matrix(device, e, **params)
            if "unitarity_residual" in out:
                # Needs the full S-matrix in the mode basis: Kwant's solver.
                S = smatrix(device, e, **params).data
                out["unitarity_residual"][index] = np.max(np.abs(
                    S.conj().T @ S - np.eye(S.shape[0]))) if S.size else 0.0
    return seed, out


def _task_args(plan, seed):
    return (plan.device, seed, plan.energy, plan.sweep, plan.fixed, plan.observables,
            plan.n_channels, plan.n_leads)


def _compute_batch(seeds, *args):
    """Several seeds in one task: fewer round trips to the workers."""
    return [_compute_seed(args[0], seed, *args[1:]) for seed in seeds]


def _batches(seeds, n_workers, tasks_per_worker=16, max_size=8):
    """Split ``seeds`` into tasks: enough per worker to balance the load, not too many.

    Results stream to the store task by task, so ``max_size`` also bounds the
    work lost to an interruption.
    """
    size = max(1, min(max_size, len(seeds) // (tasks_per_worker * max(n_workers, 1))))
    return [seeds[i:i + size] for i in range(0, len(seeds), size)]


# --- the dataset ---------------------------------------------------------------

def _template(plan):
    import xarray as xr

    dims = ("seed",) + tuple(plan.sweep)
    coords = {"seed": np.array(plan.seeds, dtype=np.int64)}
    coords.update({name: values for name, values in plan.sweep.items()})
    if "transmission_eigenvalues" in plan.observables:
        coords["channel"] = np.arange(plan.n_channels)
    if "conductance_matrix" in plan.observables:
        coords["lead_out"] = coords["lead_in"] = np.arange(plan.n_leads)
    shape = (len(plan.seeds),) + plan.shape
    data = {}
    for name in plan.observables:
        extra_dims, units, description = OBSERVABLES[name]
        extra_shape = tuple(len(coords[d]) for d in extra_dims)
        data[name] = (dims + extra_dims, np.full(shape + extra_shape, np.nan),
                      {"units": units, "description": description})
    attrs = {"device": repr(plan.device),
             "device_description": provenance.dumps(provenance.describe_device(plan.device)),
             "energy": "swept" if plan.energy is None else plan.energy,
             "fixed_params": provenance.dumps(plan.fixed),
             "observables": ", ".join(plan.observables)}
    attrs.update(provenance.provenance())
    return xr.Dataset(data, coords=coords, attrs=attrs)


# --- execution -----------------------------------------------------------------

def _check_executor(executor):
    """Reject a bad ``executor`` before anything is computed or written."""
    if executor is None or executor == "serial" or _is_dask_client(executor):
        return
    if isinstance(executor, concurrent.futures.Executor):
        return
    if isinstance(executor, numbers.Integral) and not isinstance(executor, bool):
        if executor < 1:
            raise ValueError(f"executor (number of workers) must be >= 1, got {executor}")
        return
    if isinstance(executor, str):
        if re.fullmatch(r"([a-z]+://)?[^\s:/]+:\d+", executor):
            return
        raise ValueError(f"executor must be 'serial' or a scheduler address such as "
                         f"'tcp://host:8786', got {executor!r}")
    raise TypeError("executor must be None, 'serial', a number of workers, a "
                    "concurrent.futures.Executor, a distributed.Client or a scheduler address; "
                    f"got {executor!r}")


def _is_dask_client(executor):
    return type(executor).__module__.split(".")[0] == "distributed" and hasattr(executor, "submit")


@contextlib.contextmanager
def _executor(executor):
    """Yield ``(submit, as_completed, n_workers, tasks_per_worker)``, or None (serial)."""
    if isinstance(executor, str) and executor == "serial":
        yield None
        return
    if executor is None or (isinstance(executor, numbers.Integral) and not isinstance(executor, bool)):
        workers = (os.cpu_count() or 1) if executor is None else int(executor)
        if workers < 1:
            raise ValueError(f"executor (number of workers) must be >= 1, got {workers}")
        # fork: workers start in milliseconds with everything imported, and
        # scripts without a ``__main__`` guard (gallery pages, notebooks) work.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context(method))
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
    if isinstance(executor, str) or _is_dask_client(executor):
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
    raise TypeError("executor must be None, 'serial', a number of workers, a "
                    "concurrent.futures.Executor, a distributed.Client or a scheduler address; "
                    f"got {executor!r}")


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


@contextlib.contextmanager
def _sigterm_as_interrupt():
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


def ensemble(device, *, energy=None, seeds, sweep=None, store=None, executor=None,
             observables=None, progress=False, **fixed_params):
    """Disorder ensemble of transport observables.

    Parameters
    ----------
    device : devices.Device, devices.KwantDevice or Kwant system
        The device; built once per worker process (a `devices.from_kwant`
        device made from a system object, not a factory, needs a local pool
        or 'serial': spawned and Dask workers cannot rebuild it).
    energy : float, optional
        Fermi energy in t from the band bottom (omit if ``energy`` is swept).
    seeds : iterable of int
        Disorder seeds; the realization is a function of (seed, site) only.
    sweep : dict, optional
        ``{parameter: values}``: one dataset dimension per entry, in order.  Any
        solve-time parameter of the device, or ``energy``.
    store : path, optional
        Zarr store that receives each seed's results as soon as they are
        computed.  An existing store with the same configuration is resumed
        (only missing seeds are computed; a complete one is just read); a
        store with a different configuration is refused.
    executor : None, 'serial', int, Executor, distributed.Client or str
        None: a local process pool on all cores; an int: a pool of that many
        workers; 'serial': this process; a `concurrent.futures.Executor`; a
        Dask `distributed.Client` or a scheduler address ('tcp://host:port').
    observables : sequence of str, optional
        Any of `OBSERVABLES`.  ``conductance`` is always recorded for
        two-terminal devices, ``conductance_matrix`` for multi-terminal ones
        (the default, None, records just that one).
    progress : bool
        Show a progress bar (rate and ETA) on stderr.
    **fixed_params
        Solve-time parameters held fixed (``disorder=1.5``, ...).

    Returns
    -------
    xarray.Dataset
        Dimensions ``seed`` then the swept parameters (plus ``channel`` or
        ``lead_out``, ``lead_in`` where needed); attributes record the
        configuration (``config``, JSON) and provenance (versions, commit, date).

    Examples
    --------
    >>> ds = physics.ensemble(wire, energy=1.0, seeds=range(500),
    ...                       sweep={"phi": np.linspace(0, 0.01, 41)}, disorder=1.5)
    >>> ds.conductance.dims
    ('seed', 'phi')
    """
    plan = _plan(device, energy, seeds, sweep, observables, fixed_params)
    _check_executor(executor)
    template = _template(plan)
    template.attrs["config"] = provenance.dumps(plan.config())
    if store is None:
        return _run(plan, template, None, executor, progress)
    path = pathlib.Path(store)
    if not path.exists():
        result_store.create(path, template, plan.config())
    group = result_store.open_existing(path, plan.config())
    _run(plan, template, group, executor, progress)
    dataset = result_store.load(path)
    return dataset.drop_vars("done")


def _run(plan, template, group, executor, progress):
    """Compute the missing seeds; write each to ``group`` (or into ``template``)."""
    from tqdm.auto import tqdm

    index_of = {seed: i for i, seed in enumerate(plan.seeds)}
    done = (result_store.completed(group) if group is not None
            else np.zeros(len(plan.seeds), dtype=bool))
    missing = [seed for seed, finished in zip(plan.seeds, done) if not finished]

    def record(seed, results):
        if group is not None:
            result_store.write_seed(group, index_of[seed], results)
        else:
            for name, values in results.items():
                template[name].values[index_of[seed]] = values
        bar.update()

    bar = tqdm(total=len(plan.seeds), initial=int(done.sum()), unit="seed",
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    with bar, _sigterm_as_interrupt():
        if missing:
            with _executor(executor) as backend:
                if backend is None:
                    for seed in missing:
                        record(*_compute_seed(*_task_args(plan, seed)))
                else:
                    submit, as_completed, n_workers, tasks_per_worker = backend
                    common = _task_args(plan, None)
                    futures = [submit(_compute_batch, batch, common[0], *common[2:])
                               for batch in _batches(missing, n_workers, tasks_per_worker)]
                    for future in as_completed(futures):
                        for seed, results in future.result():
                            record(seed, results)
    return template


def rerun(dataset, *, store=None, executor="serial", progress=False):
    """Recompute a dataset from its provenance attributes alone (``config``)."""
    import json
    config = json.loads(dataset.attrs["config"])
    device = provenance.device_from_description(config["device"])
    return ensemble(device, energy=config["energy"], seeds=config["seeds"],
                    sweep={k: np.array(v) for k, v in config["sweep"].items()},
                    observables=tuple(config["observables"]), store=store,
                    executor=executor, progress=progress,
                    **{k: tuple(v) if isinstance(v, list) else v
                       for k, v in config["fixed"].items()})
