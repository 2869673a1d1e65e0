"""Ensembles: values, executors bit for bit, persistence, resume after kills, refusal."""

import dataclasses
import json
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
import xarray as xr
import zarr

import devices
import physics
from physics.ensembles import runner as ensemble_module

WIRE = devices.Wire(width=8, length=16)
RUN = dict(energy=1.0, seeds=range(6), sweep={"phi": np.linspace(0, 0.02, 3)}, disorder=1.5,
           observables=["transmission_eigenvalues", "fano_factor", "unitarity_residual"])


@pytest.fixture(scope="module")
def reference():
    return physics.ensemble(WIRE, executor="serial", **RUN)


def assert_identical_data(a, b):
    assert set(a.data_vars) == set(b.data_vars)
    xr.testing.assert_equal(a, b)
    for name in a.data_vars:  # bit for bit, NaN padding included
        assert np.array_equal(a[name].values, b[name].values, equal_nan=True), name


def test_dataset_matches_direct_solves(reference):
    ds = reference
    assert ds.conductance.dims == ("seed", "phi")
    assert ds.transmission_eigenvalues.dims == ("seed", "phi", "channel")
    assert list(ds.seed.values) == list(range(6))
    for seed, phi in [(0, 0.0), (4, 0.02), (5, 0.01)]:
        g = physics.conductance(WIRE, 1.0, disorder=1.5, seed=seed, phi=phi)
        assert ds.conductance.sel(seed=seed, phi=phi).item() == g
        taus = physics.transmission_eigenvalues(WIRE, 1.0, disorder=1.5, seed=seed, phi=phi)
        stored = ds.transmission_eigenvalues.sel(seed=seed, phi=phi).values
        np.testing.assert_allclose(stored[:taus.size], taus, rtol=0, atol=1e-13)
        assert np.all(np.isnan(stored[taus.size:]))
    np.testing.assert_allclose(ds.transmission_eigenvalues.sum("channel"), ds.conductance,
                               atol=1e-10)
    assert float(ds.unitarity_residual.max()) < 1e-10
    assert np.all((ds.fano_factor > 0) & (ds.fano_factor < 1))


def test_provenance_is_complete_and_sufficient_to_rerun(reference):
    for key in ("config", "device", "device_description", "fixed_params", "seed_scheme",
                "package_version", "git_commit", "kwant_version", "numpy_version",
                "scipy_version", "created"):
        assert reference.attrs.get(key), key
    config = json.loads(reference.attrs["config"])
    assert config["fixed"] == {"disorder": 1.5}
    assert_identical_data(physics.rerun(reference), reference)


def test_process_pool_and_dask_are_bit_identical(reference, tmp_path):
    pooled = physics.ensemble(WIRE, executor=2, store=tmp_path / "pool.zarr", **RUN)
    assert_identical_data(pooled, reference)
    import dask
    from distributed import Client
    with physics.local_dask_cluster(2) as cluster, Client(cluster) as client:
        # The tuned settings reach the worker processes, and leave this process's as they were.
        settings = client.run(lambda: {key: dask.config.get(key)
                                       for key in physics.ensembles.executors.DASK_CONFIG})
        assert len(settings) == 2
        for worker_settings in settings.values():
            assert worker_settings == physics.ensembles.executors.DASK_CONFIG
        environ = client.run(lambda: dict(os.environ))
        for worker_environ in environ.values():
            assert "MALLOC_TRIM_THRESHOLD_" not in worker_environ
            assert worker_environ["OPENBLAS_NUM_THREADS"] == "1"
        assert dask.config.get("distributed.admin.tick.interval") != "1s"
        assert {w["nthreads"] for w in client.scheduler_info()["workers"].values()} == {1}
        assert_identical_data(physics.ensemble(WIRE, executor=client, **RUN), reference)
        # The same run given a scheduler address.
        assert_identical_data(physics.ensemble(WIRE, executor=cluster.scheduler_address, **RUN),
                              reference)


@pytest.mark.parametrize("n_workers", [0, -1, 1.5, True, "2"])
def test_local_dask_cluster_rejects_bad_worker_counts(n_workers):
    with pytest.raises(ValueError, match="n_workers"):
        physics.local_dask_cluster(n_workers)


def _done_count(path):
    try:
        return int(np.sum(zarr.open_group(str(path), mode="r")["done"][:]))
    except Exception:  # store not created yet
        return 0


def test_dask_worker_killed_mid_run(tmp_path):
    run = dict(RUN, seeds=range(24), observables=["conductance"])
    expected = physics.ensemble(WIRE, executor="serial", **run)
    from distributed import Client, LocalCluster
    store = tmp_path / "dask.zarr"
    killed = []
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        pids = client.run(os.getpid)

        def kill_one_worker():
            while _done_count(store) < 4:
                time.sleep(0.01)
            os.kill(next(iter(pids.values())), signal.SIGKILL)
            killed.append(True)

        killer = threading.Thread(target=kill_one_worker, daemon=True)
        killer.start()
        result = physics.ensemble(WIRE, executor=client, store=store, **run)
        killer.join(timeout=30)
    assert killed, "the worker was not killed during the run"
    assert_identical_data(result, expected)


# Large enough (~40 ms a seed) that the run is still going when the signal arrives.
CONFIG = """
[device]
type = "Wire"
width = 32
length = 64
[ensemble]
energy = 1.0
seeds = 40
[params]
disorder = 1.5
[sweep]
phi = {start = 0.0, stop = 0.02, num = 6}
"""


def _start_run_and_wait(tmp_path, workers):
    """``meso run`` of `CONFIG` in a session of its own, returned once 3 seeds are stored:
    ``(config path, store path, process)``."""
    config = tmp_path / "run.toml"
    config.write_text(CONFIG)
    store = tmp_path / "run.zarr"
    # As in a terminal's foreground: a test suite started in the background of a
    # non-interactive shell inherits SIGINT ignored, and Python then keeps ignoring it.
    proc = subprocess.Popen([sys.executable, "-m", "physics.cli", "run", str(config),
                             "--workers", str(workers)], start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while _done_count(store) < 3 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    return config, store, proc


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_interrupted_run_resumes_to_the_same_dataset(tmp_path, signum):
    config, store, proc = _start_run_and_wait(tmp_path, workers=1)
    if signum == signal.SIGKILL:
        os.killpg(proc.pid, signum)  # the whole process group, workers included
    else:
        os.kill(proc.pid, signum)  # like Ctrl-C / a scheduler's SIGTERM
    _, stderr = proc.communicate(timeout=60)
    if signum != signal.SIGKILL:
        assert proc.returncode == 130 and b"resume" in stderr, stderr[-2000:]
    partial = physics.store.load(store)  # never unreadable
    n_done = int(partial.done.sum())
    assert 3 <= n_done < 40, n_done
    # Completed seeds are stored exactly; the others are still missing.
    finished = partial.isel(seed=np.nonzero(partial.done.values)[0])
    device, options = physics.config.load(config)
    options.pop("store")
    expected = physics.ensemble(device, executor="serial", **options)
    assert np.array_equal(finished.conductance.values,
                          expected.conductance.sel(seed=finished.seed).values)
    # Resume (same command) and compare with the uninterrupted run.
    subprocess.run([sys.executable, "-m", "physics.cli", "run", str(config), "--workers", "1"],
                   check=True, capture_output=True)
    assert_identical_data(physics.store.load(store).drop_vars(["done", "damaged"]), expected)


def test_finished_store_is_only_read(tmp_path, monkeypatch, reference):
    store = tmp_path / "done.zarr"
    physics.ensemble(WIRE, executor="serial", store=store, **RUN)

    def forbidden(*args):
        raise AssertionError("a finished configuration must not be recomputed")

    monkeypatch.setattr(ensemble_module, "compute_seed", forbidden)
    assert_identical_data(physics.ensemble(WIRE, executor="serial", store=store, **RUN), reference)


def test_different_configuration_is_refused(tmp_path):
    store = tmp_path / "a.zarr"
    physics.ensemble(WIRE, executor="serial", store=store, **RUN)
    before = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    with pytest.raises(ValueError, match=r"fixed\.disorder: store has 1\.5, requested 2\.0"):
        physics.ensemble(WIRE, executor="serial", store=store, **{**RUN, "disorder": 2.0})
    # Fewer seeds: a store grows, it does not shrink (tests/ensembles/test_store_growth...).
    with pytest.raises(ValueError, match=r"seeds"):
        physics.ensemble(WIRE, executor="serial", store=store, **{**RUN, "seeds": range(3)})
    with pytest.raises(ValueError, match=r"device\.fields\.length"):
        physics.ensemble(devices.Wire(width=8, length=17), executor="serial", store=store, **RUN)
    after = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    assert before == after


BAD_CALLS = [
    (dict(seeds=[]), ValueError, "seeds"),
    (dict(seeds=[1, 1]), ValueError, "seeds"),
    (dict(seeds=[-1]), ValueError, "seeds"),
    (dict(sweep={"phi": []}), ValueError, "phi"),
    (dict(sweep={"colour": [1]}), TypeError, "colour"),
    (dict(sweep={"seed": [1]}), ValueError, "seed"),
    (dict(sweep={"disorder": [-1.0]}), ValueError, "disorder"),
    (dict(energy=None), TypeError, "energy"),
    (dict(observables=["noise"]), ValueError, "noise"),
    (dict(observables=[None]), TypeError, "observables"),
    (dict(observables=[["conductance"]]), TypeError, "observables"),
    (dict(executor="threads"), ValueError, "executor"),
    (dict(executor=2.5), TypeError, "executor"),
    (dict(executor=0), ValueError, "executor"),
]


@pytest.mark.parametrize("change, error, name", BAD_CALLS)
def test_bad_ensemble_arguments_write_nothing(tmp_path, change, error, name):
    store = tmp_path / "bad.zarr"
    with pytest.raises(error, match=name):
        physics.ensemble(WIRE, **{**RUN, "store": store, **change})
    assert not store.exists()


def test_samples_run_with_one_blas_thread():
    """Workers share the cores: BLAS is limited to one thread per sample, and restored."""
    from threadpoolctl import threadpool_info, threadpool_limits

    from physics.ensembles.executors import one_blas_thread
    with threadpool_limits(limits=2):
        libraries = [info for info in threadpool_info() if info["user_api"] == "blas"]
        assert libraries and all(info["num_threads"] == 2 for info in libraries)
        with one_blas_thread():
            assert all(info["num_threads"] == 1 for info in threadpool_info())
        assert all(info["num_threads"] == 2 for info in threadpool_info()
                   if info["user_api"] == "blas")


def _children(pid):
    """PIDs of the live processes whose parent is ``pid`` (Linux /proc)."""
    children = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                children.append(int(entry.name))
    return children


def _alive(pid):
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not pathlib.Path("/proc").is_dir(), reason="needs Linux /proc")
def test_pool_workers_exit_when_the_main_process_is_killed(tmp_path):
    """SIGKILL of the main process alone (not its group): its pool workers exit by themselves."""
    script = tmp_path / "run.py"
    script.write_text(
        "import devices, physics\n"
        "wire = devices.Wire(width=8, length=40)\n"
        "physics.ensemble(wire, energy=1.0, seeds=range(100000), disorder=1.0, executor=2)\n")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    workers = []
    while time.time() < deadline and len(workers) < 2:
        time.sleep(0.1)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the pool did not start"
    time.sleep(1.0)  # the workers are busy with samples
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # do not leave them behind if the test fails
        os.kill(w, signal.SIGKILL)
    assert not survivors, f"orphaned pool workers: {survivors}"


def test_rerun_into_the_original_store_with_a_field_direction(tmp_path):
    """A direction vector is normalized once: reading the unit vector back from the store and
    normalizing it again must not move it by an ulp (the rerun was refused as a different
    configuration)."""
    film = devices.Film(width=3, length=4, thickness=2)
    store = tmp_path / "direction.zarr"
    ds = physics.ensemble(film, energy=2.5, seeds=range(2), disorder=1.0, phi=0.02,
                          field_direction=(1, 0, 1), store=store, executor="serial")
    assert_identical_data(physics.rerun(ds, store=store), ds)
    for vector in np.random.default_rng(5).normal(size=(200, 3)):
        unit = devices.validation.check_direction("v", vector)
        assert devices.validation.check_direction("v", unit) == unit


@pytest.mark.slow
def test_ctrl_c_to_the_process_group_prints_one_line(tmp_path):
    """Ctrl-C in a terminal signals every process of the group: the workers used to print
    ~70 lines of KeyboardInterrupt tracebacks around the run's one-line message."""
    _, _, proc = _start_run_and_wait(tmp_path, workers=2)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    lines = [line for line in stderr.decode().splitlines()
             if line.strip() and "%|" not in line and "seed/s" not in line]  # not the bar
    assert proc.returncode == 130, stderr[-2000:]
    assert len(lines) <= 2 and "resume" in lines[-1], stderr[-3000:]


@dataclasses.dataclass(frozen=True)
class _CountingWire(devices.Wire):
    """A wire that logs the process building its Kwant system (the file in
    MESO_TEST_BUILD_LOG)."""

    def builder(self):
        with open(os.environ["MESO_TEST_BUILD_LOG"], "a") as log:
            log.write(f"{os.getpid()}\n")
        return super().builder()


def test_pool_workers_inherit_the_built_device(tmp_path, monkeypatch):
    """The first seed runs before the local pool forks, so its workers reuse the built
    system, model check, solvers and lead self-energies instead of each rebuilding them
    (that rebuilding was half the CPU time of the quick gallery)."""
    log = tmp_path / "builds"
    monkeypatch.setenv("MESO_TEST_BUILD_LOG", str(log))
    wire = _CountingWire(width=5, length=8)
    pooled = physics.ensemble(wire, energy=1.0, seeds=range(12), disorder=1.0, executor=2)
    assert set(log.read_text().split()) == {str(os.getpid())}
    serial = physics.ensemble(devices.Wire(width=5, length=8), energy=1.0, seeds=range(12),
                              disorder=1.0, executor="serial")
    assert np.array_equal(pooled["conductance"].values, serial["conductance"].values)
