"""A finished store grows with more seeds; mismatches, an unreachable scheduler and a full
disk are one-line errors that leave nothing behind."""

import json
import os
import pathlib
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
import xarray as xr
import zarr

import devices
import physics
from physics import cli
from physics.ensembles import store as result_store

WIRE = devices.Wire(width=3, length=4)
RUN = dict(energy=1.0, sweep={"phi": [0.0, 0.01, 0.02]}, disorder=1.0, executor="serial")

CONFIG = """
[device]
type = "Wire"
width = 3
length = 4

[ensemble]
energy = 1.0
seeds = {seeds}

[params]
disorder = 1.0

[sweep]
phi = [0.0, 0.01, 0.02]
"""


def _chunk_times(path):
    return {p.relative_to(path): p.stat().st_mtime_ns for p in path.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.parent.name != "seed"}


def test_a_finished_store_grows_and_computes_only_the_new_seeds(tmp_path):
    path = tmp_path / "store.zarr"
    physics.ensemble(WIRE, store=path, seeds=range(6), **RUN)
    before = _chunk_times(path)
    time.sleep(0.01)
    grown = physics.ensemble(WIRE, store=path, seeds=range(9), **RUN)
    direct = physics.ensemble(WIRE, seeds=range(9), **RUN)
    assert np.array_equal(grown["conductance"].values, direct["conductance"].values)
    assert list(grown["seed"].values) == list(range(9))
    after = _chunk_times(path)
    # The old seeds' chunks were not rewritten; the new seeds' were written.
    old_chunks = {key for key in before if key.parts[0] in ("conductance", "done", "checksum")}
    assert old_chunks and all(after[key] == before[key] for key in old_chunks)
    assert pathlib.Path("conductance", "8.0") in after
    # xarray (consolidated metadata) and `meso info` see the grown store.
    assert xr.open_zarr(path)["conductance"].shape == (9, 3)
    assert json.loads(result_store.load(path).attrs["config"])["seeds"] == list(range(9))
    # Now finished: the same call only reads it.
    again = physics.ensemble(WIRE, store=path, seeds=range(9), **RUN)
    assert _chunk_times(path) == after
    assert np.array_equal(again["conductance"].values, direct["conductance"].values)


def test_meso_run_grows_a_store_from_an_edited_config(tmp_path, capsys):
    config = tmp_path / "run.toml"
    path = tmp_path / "run.zarr"
    config.write_text(CONFIG.format(seeds=4))
    assert cli.main(["run", str(config), "--out", str(path), "--workers", "1"]) == 0
    config.write_text(CONFIG.format(seeds=7))
    assert cli.main(["run", str(config), "--out", str(path), "--workers", "1"]) == 0
    capsys.readouterr()
    assert cli.main(["info", str(path)]) == 0
    assert "complete: 7/7 seeds (100 %)" in capsys.readouterr().out
    direct = physics.ensemble(WIRE, seeds=range(7), **RUN)
    assert np.array_equal(result_store.load(path)["conductance"].values,
                          direct["conductance"].values)


def test_a_store_killed_while_it_grew_is_read_and_finished(tmp_path):
    """The configuration is written first: a run killed before the arrays were extended
    leaves the old seeds readable, and the next run extends and completes the store."""
    path = tmp_path / "store.zarr"
    physics.ensemble(WIRE, store=path, seeds=range(6), **RUN)
    group = zarr.open_group(str(path), mode="r+", use_consolidated=False)
    config = json.loads(group.attrs["config"])
    group.attrs["config"] = json.dumps({**config, "seeds": list(range(9))}, sort_keys=True)
    group["conductance"].resize((9, 3))  # one array extended, the others not yet
    partial = result_store.load(path)
    assert partial.sizes["seed"] == 6 and bool(partial["done"].all())
    grown = physics.ensemble(WIRE, store=path, seeds=range(9), **RUN)
    assert np.array_equal(grown["conductance"].values,
                          physics.ensemble(WIRE, seeds=range(9), **RUN)["conductance"].values)


@pytest.mark.parametrize("seeds, message", [
    (range(4), "seeds: store has 0..5 (6 values), requested 0..3 (4 values)"),
    (range(1, 8), "seeds: store has 0..5 (6 values), requested 1..7 (7 values)"),
])
def test_seeds_that_do_not_continue_the_store_are_refused_readably(tmp_path, seeds, message):
    path = tmp_path / "store.zarr"
    physics.ensemble(WIRE, store=path, seeds=range(6), **RUN)
    with pytest.raises(result_store.StoreMismatch) as error:
        physics.ensemble(WIRE, store=path, seeds=seeds, **RUN)
    assert message in str(error.value)
    assert "grows only by seeds after its own" in str(error.value)


def test_a_growth_with_gaps_is_allowed_and_described(tmp_path):
    path = tmp_path / "store.zarr"
    physics.ensemble(WIRE, store=path, seeds=range(6), **RUN)
    seeds = [0, 1, 2, 3, 4, 5, 100, 101, 102, 200]
    grown = physics.ensemble(WIRE, store=path, seeds=seeds, **RUN)
    assert list(grown["seed"].values) == seeds
    with pytest.raises(result_store.StoreMismatch,
                       match=r"store has 0\.\.5, 100\.\.102, 200 \(10 values\), "
                             r"requested 0\.\.5 \(6 values\)"):
        physics.ensemble(WIRE, store=path, seeds=range(6), **RUN)


def test_a_long_sweep_mismatch_names_the_first_difference(tmp_path):
    path = tmp_path / "store.zarr"
    phis = np.linspace(0, 0.02, 41)
    run = dict(RUN, sweep={"phi": phis})
    physics.ensemble(WIRE, store=path, seeds=range(2), **run)
    changed = phis.copy()
    changed[7] += 1e-4
    with pytest.raises(result_store.StoreMismatch) as error:
        physics.ensemble(WIRE, store=path, seeds=range(2), **dict(run, sweep={"phi": changed}))
    text = str(error.value)
    assert "sweep.phi: store has 41 values 0 .. 0.02, requested 41 values 0 .. 0.02" in text
    assert "first difference at index 7: 0.0035 vs 0.0036" in text
    with pytest.raises(result_store.StoreMismatch, match="disorder: store has 1.0, requested 2.0"):
        physics.ensemble(WIRE, store=path, seeds=range(2), **dict(run, disorder=2.0))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_refused_before_the_store_is_created(tmp_path, capsys):
    address = f"tcp://127.0.0.1:{_free_port()}"
    path = tmp_path / "store.zarr"
    start = time.monotonic()
    with pytest.raises(ValueError, match=f"no Dask scheduler reachable at {address}"):
        physics.ensemble(WIRE, store=path, seeds=range(2), executor=address,
                         **{k: v for k, v in RUN.items() if k != "executor"})
    assert time.monotonic() - start < 10  # Dask's own timeout is 30 s
    assert not path.exists() and not list(tmp_path.iterdir())
    config = tmp_path / "run.toml"
    config.write_text(CONFIG.format(seeds=2))
    assert cli.main(["run", str(config), "--out", str(path), "--scheduler", address]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and address in err[0]
    assert not path.exists()


@pytest.fixture
def tiny_disk(tmp_path):
    """A tmpfs of a given size (KiB) mounted in the test's directory (root only)."""
    mounts = []

    def mount(kib):
        point = tmp_path / f"disk{len(mounts)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs",
                                 str(point)], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounts.append(point)
        return point

    yield mount
    for point in mounts:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _meso_run(config, store):
    """`meso run` in a process of its own (one pool worker): its exit code and its stderr
    without the progress bar."""
    result = subprocess.run([sys.executable, "-m", "physics.cli", "run", str(config), "--out",
                             str(store), "--workers", "1"], capture_output=True, text=True,
                            timeout=300)
    lines = [line for line in result.stderr.splitlines()
             if line.strip() and "seed/s" not in line]
    return result.returncode, lines


def test_a_full_disk_is_one_line_and_keeps_the_stored_seeds(tiny_disk, tmp_path):
    disk = tiny_disk(256)  # the metadata (~200 KiB in 4 KiB pages) and a few seeds
    config = tmp_path / "run.toml"
    config.write_text(CONFIG.format(seeds=40))
    returncode, lines = _meso_run(config, disk / "run.zarr")
    assert returncode == 2, lines
    assert len(lines) == 1 and "No space left on device" in lines[0], lines
    assert "run again to resume" in lines[0]
    stored = result_store.load(disk / "run.zarr")
    done = stored["done"].values
    assert 0 < done.sum() < 40
    direct = physics.ensemble(WIRE, seeds=range(40), **RUN)
    assert np.array_equal(stored["conductance"].values[done],
                          direct["conductance"].values[done])
    assert not list(disk.rglob("*.partial"))


def test_a_store_that_does_not_fit_leaves_nothing_behind(tiny_disk, tmp_path):
    disk = tiny_disk(16)
    config = tmp_path / "run.toml"
    config.write_text(CONFIG.format(seeds=4))
    returncode, lines = _meso_run(config, disk / "run.zarr")
    assert returncode == 2
    assert len(lines) == 1 and "could not be created" in lines[0], lines
    assert not list(disk.iterdir())


def _ended(pid):
    """Whether process ``pid`` has exited (a zombie not yet reaped counts)."""
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().split()[2] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_pool_workers_stopped_with_sigterm_end_without_a_traceback(capfd):
    """After an error (a full disk) the pool stops its workers with SIGTERM; forked inside
    `sigterm_as_interrupt`, they raised KeyboardInterrupt and printed a 20-line traceback
    under the run's one-line error."""
    import signal
    from physics.ensembles import executors
    with executors.sigterm_as_interrupt():
        pool = executors.process_pool(1)
        worker = pool.submit(os.getpid).result()
        os.kill(worker, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _ended(worker):
            time.sleep(0.05)
        pool.shutdown(wait=True)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
