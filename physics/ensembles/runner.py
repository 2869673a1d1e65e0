"""Disorder ensembles: reproducible, resumable, persisted, parallel.

`ensemble` computes observables for every disorder seed and every point of a
parameter sweep and returns a labelled `xarray.Dataset`.  One task is one
seed over the whole sweep grid (the realization is the same at every sweep
point).  A task's result depends only on its inputs: MUMPS runs with the
deterministic orderings (`physics.transport.mumps`) and BLAS is limited to one thread, so results are
identical bit for bit whatever the executor or the number of workers.
"""

import sys
import threading

import numpy as np

from . import physical, provenance, store as result_store
from .executors import (backend, batches, check_executor, forks_local_workers,
                        local_dask_cluster, one_blas_thread, sigterm_as_interrupt)
from .plan import TRANSPORT_OPTIONS, make_plan, sweep_points
from ..cache import canonical
from ..transport import solvers
from ..transport.landauer import (OBSERVABLES, observables as transport_observables,
                                  warn_closed_points, without_channel_check)

__all__ = ["ensemble", "rerun", "compute_seed", "compute_batch", "local_dask_cluster",
           "OBSERVABLES"]

# --- the task ------------------------------------------------------------------

_LOCK = threading.Lock()  # MUMPS through Kwant is not shared between threads


def compute_seed(device, seed, energy, sweep, fixed, observables, n_channels, n_leads):
    """All observables of one disorder seed on the whole sweep grid: ``(seed, {name: array})``.

    ``sweep``: dimension -> {lattice parameter: values} (`Plan.sweep_parameters`).
    """
    device = canonical(device)  # an unpickled copy reuses the process's built system
    shape = tuple(len(next(iter(axis.values()))) for axis in sweep.values())
    extra_shapes = {"transmission_eigenvalues": (n_channels,),
                    "conductance_matrix": (n_leads, n_leads)}
    out = {name: np.full(shape + extra_shapes.get(name, ()), np.nan) for name in observables}
    hamiltonian = {k: v for k, v in fixed.items() if k not in TRANSPORT_OPTIONS}
    # The sweep's channels were checked once (`check_channels`), not per seed.
    with _LOCK, one_blas_thread(), without_channel_check():
        for index, point in zip(np.ndindex(*shape), sweep_points(sweep)):
            e = point.pop("energy", energy)
            options = {name: point.pop(name, fixed.get(name, default))
                       for name, (_, default) in TRANSPORT_OPTIONS.items()}
            values = transport_observables(device, e, observables, **options, seed=seed,
                                           **hamiltonian, **point)
            for name, value in values.items():
                if name == "transmission_eigenvalues":
                    out[name][index][:value.size] = value
                else:
                    out[name][index] = value
    return seed, out


def _task_args(plan, seed):
    return (plan.device, seed, plan.energy, plan.sweep_parameters, plan.fixed,
            plan.observables, plan.n_channels, plan.n_leads)


def compute_batch(seeds, *args):
    """Several seeds in one task (fewer round trips to the workers): a list of `compute_seed`."""
    return [compute_seed(args[0], seed, *args[1:]) for seed in seeds]


#: Most sweep points whose leads `check_channels` examines (evenly spread beyond).
MAX_CHANNEL_CHECKS = 512


def check_channels(plan):
    """Warn once (`devices.RegimeWarning`) if a lead has no open channel at some sweep
    points at T = 0: the conductance is 0 there, whatever the sample.

    Uses the lead cache of the solver the seeds use, so in a local pool the workers
    inherit the lead self-energies computed here.
    """
    from ..transport.system import as_device
    device = as_device(plan.device)
    hamiltonian = {k: v for k, v in plan.fixed.items() if k not in TRANSPORT_OPTIONS}
    all_points = list(sweep_points(plan.sweep_parameters))
    step = max(1, len(all_points) // MAX_CHANNEL_CHECKS)
    points = []
    for point in all_points[::step]:
        if point.get("temperature", plan.fixed.get("temperature", 0.0)):
            continue  # a thermal tail below a threshold is physics
        energy = point.pop("energy", plan.energy)
        params = {k: v for k, v in point.items() if k not in TRANSPORT_OPTIONS}
        points.append((energy, device.solve_params(**hamiltonian, **params)))
    dephased = plan.fixed.get("dephasing", 0.0) or any(
        "dephasing" in parameters for parameters in plan.sweep_parameters.values())
    lead_source = (None if dephased else solvers.solver_for(device) if plan.n_leads == 2
                   else solvers.sparse_solver(device))
    warn_closed_points(device, points, lead_source,
                       what="sweep points" + (" checked" if step > 1 else ""), stacklevel=3)


# --- the dataset ---------------------------------------------------------------

def _template(plan):
    import xarray as xr

    dims = ("seed",) + tuple(plan.sweep)
    coords = {"seed": np.array(plan.seeds, dtype=np.int64)}
    specs = plan.device.parameter_specs
    for dim, axis in plan.axes.items():
        coords[dim] = (dim, axis.values, {"units": axis.unit, "long_name": axis.description})
        for name, values in axis.parameters.items():
            if axis.converted:  # the lattice values a physical axis sets, along it
                unit = specs[name].unit if name in specs else physical.LATTICE_UNITS[name]
                coords[name if name not in dims else f"{name}_lattice"] = (
                    dim, values, {"units": unit, "long_name": f"lattice {name} along {dim}"})
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
             **({} if plan.physical is None else
                {"physical_params": provenance.dumps(
                    {**plan.physical["fixed"], "energy": "swept" if plan.physical["energy"] is None
                     else plan.physical["energy"]}),
                 "units": provenance.dumps(plan.physical["units"])}),
             "observables": ", ".join(plan.observables)}
    attrs.update(provenance.provenance())
    return xr.Dataset(data, coords=coords, attrs=attrs)


def ensemble(device, *, energy=None, seeds, sweep=None, store=None, executor=None,
             observables=None, progress=False, units=None, **fixed_params):
    """Disorder ensemble of transport observables.

    Parameters
    ----------
    device : devices.Device, devices.KwantDevice or Kwant system
        The device; built once per worker process (a `devices.from_kwant`
        device made from a system object, not a factory, needs a local pool
        or 'serial': spawned and Dask workers cannot rebuild it).
    energy : float, optional
        Fermi energy in t from the band bottom, or in meV with ``units`` (omit if
        ``energy`` is swept).
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
    units : devices.Units, optional
        Take the physical parameters (`devices.units.PHYSICAL_PARAMETERS`: ``energy``
        and ``disorder`` in meV, ``field`` in T, ``temperature`` in K, ``rashba`` in
        meV nm, and ``g_factor``) as numbers in these units, pint quantities or
        strings ('50 mT'), fixed or swept (`physics.ensembles.physical`).  A swept one
        is a dimension in its unit with the lattice values it sets along it (``field``
        in T, ``phi`` in h/e).
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
    >>> gaas = devices.Units(lattice_constant=5.0, material="GaAs")
    >>> ds = physics.ensemble(wire, units=gaas, energy="4 meV", seeds=range(100),
    ...                       sweep={"field": ["0 mT", "10 mT", "20 mT"]}, disorder="1.5 meV")
    >>> ds.field.attrs["units"], ds.phi.attrs["units"]
    ('T', 'h/e')
    """
    plan = make_plan(device, energy, seeds, sweep, observables, fixed_params, units)
    check_executor(executor)
    check_channels(plan)
    template = _template(plan)
    template.attrs["config"] = provenance.dumps(plan.config())
    if store is None:
        return _run(plan, template, None, executor, progress)
    path = result_store.check_path(store)
    if not path.exists():
        result_store.create(path, template, plan.config())
    group = result_store.open_existing(path, plan.config())
    _run(plan, template, group, executor, progress)
    dataset = result_store.load(path)
    # The store may hold more seeds (grown by another run since): the requested ones.
    return dataset.drop_vars(["done", "damaged"]).isel(seed=slice(0, len(plan.seeds)))


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
    with bar, sigterm_as_interrupt():
        if len(missing) > 1 and forks_local_workers(executor):
            # The first seed here, before the pool forks: its workers inherit the built
            # device, its model check, solvers and lead self-energies (measured: each
            # worker rebuilt them, ~2 s per ensemble of a 32 x 32 film).
            record(*compute_seed(*_task_args(plan, missing[0])))
            missing = missing[1:]
        if missing:
            with backend(executor) as pool:
                if pool is None:
                    for seed in missing:
                        record(*compute_seed(*_task_args(plan, seed)))
                else:
                    submit, as_completed, n_workers, tasks_per_worker = pool
                    common = _task_args(plan, None)
                    futures = [submit(compute_batch, batch, common[0], *common[2:])
                               for batch in batches(missing, n_workers, tasks_per_worker)]
                    for future in as_completed(futures):
                        for seed, results in future.result():
                            record(seed, results)
    return template


def rerun(dataset, *, store=None, executor="serial", progress=False):
    """Recompute a dataset from its provenance attributes alone (``config``)."""
    import json
    config = json.loads(dataset.attrs["config"])
    device = provenance.device_from_description(config["device"])
    units = (physical.units_from_description(config["units"]) if "units" in config
             else None)
    return ensemble(device, energy=config["energy"], seeds=config["seeds"],
                    sweep={k: np.array(v) for k, v in config["sweep"].items()},
                    observables=tuple(config["observables"]), store=store,
                    executor=executor, progress=progress, units=units,
                    **{k: tuple(v) if isinstance(v, list) else v
                       for k, v in config["fixed"].items()})
