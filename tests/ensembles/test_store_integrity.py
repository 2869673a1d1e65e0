"""The ensemble store detects damaged seeds, heals them on the next run, and survives
concurrent writers and readers."""

import os
import pathlib
import shutil
import threading
import time

import numpy as np
import pytest
import zarr

import devices
import physics
from physics import statistics
from physics.ensembles import store as result_store

WIRE = devices.Wire(width=3, length=4)
RUN = dict(energy=1.0, seeds=range(6), sweep={"phi": [0.0, 0.01, 0.02]}, disorder=1.0,
           executor="serial")


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    path = tmp_path_factory.mktemp("reference") / "store.zarr"
    return path, physics.ensemble(WIRE, store=path, **RUN)


def _copy(reference, tmp_path):
    path = tmp_path / "store.zarr"
    shutil.copytree(reference[0], path)
    return path


def _truncate(path):
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, os.remove, _flip_a_byte],
                         ids=["truncated", "deleted", "flipped"])
def test_a_damaged_chunk_is_detected_and_recomputed(reference, tmp_path, damage):
    path = _copy(reference, tmp_path)
    damage(path / "conductance" / "2.0")
    loaded = result_store.load(path)
    assert not loaded["done"].values[2] and loaded["damaged"].values[2]
    assert int(loaded["done"].sum()) == 5
    assert np.all(np.isnan(loaded["conductance"].values[2]))
    finite = np.delete(loaded["conductance"].values, 2, axis=0)
    assert np.array_equal(finite, np.delete(reference[1]["conductance"].values, 2, axis=0))
    healed = physics.ensemble(WIRE, store=path, **RUN)
    assert np.array_equal(healed["conductance"].values, reference[1]["conductance"].values)
    assert not result_store.load(path)["damaged"].any()


def test_lost_coordinates_and_attributes_are_restored(reference, tmp_path):
    path = _copy(reference, tmp_path)
    os.remove(path / "phi" / "0")
    os.remove(path / "seed" / "0")
    os.remove(path / ".zattrs")
    loaded = result_store.load(path)
    assert np.array_equal(loaded["phi"].values, [0.0, 0.01, 0.02])
    assert np.array_equal(loaded["seed"].values, np.arange(6))
    assert "config" in loaded.attrs
    again = physics.ensemble(WIRE, store=path, **RUN)  # resume: repairs the store itself
    assert np.array_equal(again["conductance"].values, reference[1]["conductance"].values)
    group = zarr.open_group(str(path), mode="r")
    assert "config" in group.attrs and np.array_equal(group["phi"][:], [0.0, 0.01, 0.02])


def test_unrecoverable_attributes_are_a_clear_error(reference, tmp_path):
    path = _copy(reference, tmp_path)
    os.remove(path / ".zattrs")
    os.remove(path / ".zmetadata")
    with pytest.raises(ValueError, match="attributes .* lost"):
        physics.ensemble(WIRE, store=path, **RUN)


def test_only_stale_partial_files_are_removed(reference, tmp_path):
    """A fresh ``*.partial`` may be another run's chunk being written: it is kept."""
    path = _copy(reference, tmp_path)
    fresh = path / "conductance" / "0.0.abc.partial"
    stale = path / "conductance" / "1.0.def.partial"
    fresh.write_bytes(b"x")
    stale.write_bytes(b"x")
    old = time.time() - 2 * result_store.PARTIAL_MAX_AGE
    os.utime(stale, (old, old))
    physics.ensemble(WIRE, store=path, **RUN)
    assert fresh.exists() and not stale.exists()


def test_concurrent_writers_lose_no_done_marks(tmp_path):
    """Two writers marking seeds of one store at the same time (the done marks were one
    chunk that each read, modified and wrote back: 1987 of 2000 survived)."""
    path = tmp_path / "concurrent.zarr"
    seeds = range(120)
    ds = physics.ensemble(devices.Wire(width=1, length=2), energy=2.5, seeds=seeds,
                          store=path, executor="serial")
    group = zarr.open_group(str(path), mode="r+")
    assert group["done"].chunks == (1,) and group["checksum"].chunks == (1,)
    group["done"][:] = 0
    values = ds["conductance"].values

    def writer(indices):
        handle = zarr.open_group(str(path), mode="r+")
        for index in indices:
            result_store.write_seed(handle, index, {"conductance": values[index]})

    threads = [threading.Thread(target=writer, args=(range(k, 120, 2),)) for k in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert result_store.completed(zarr.open_group(str(path), mode="r")).all()


def test_a_reader_never_takes_an_unwritten_seed_as_done(reference, tmp_path):
    """Marks are read before data and checked against it: a seed whose data is missing
    (still being written) is not done, whatever its mark says."""
    path = _copy(reference, tmp_path)
    group = zarr.open_group(str(path), mode="r+")
    group["conductance"][4] = np.nan  # data gone, mark and checksum still there
    loaded = result_store.load(path)
    assert not loaded["done"].values[4]


def test_mean_counts_only_the_stored_seeds(reference):
    values = reference[1]["conductance"].copy()
    values[2] = np.nan
    mean, error = statistics.mean(values)
    kept = np.delete(reference[1]["conductance"].values, 2, axis=0)
    assert np.allclose(mean.values, kept.mean(axis=0))
    assert np.allclose(error.values, kept.std(axis=0, ddof=1) / np.sqrt(5))


def test_a_store_without_checksums_is_still_read(reference, tmp_path):
    """Stores written before the checksums: their done marks are trusted."""
    path = _copy(reference, tmp_path)
    shutil.rmtree(path / "checksum")
    loaded = result_store.load(path)
    assert loaded["done"].all()
    assert pathlib.Path(path).exists()


def test_meso_info_reports_damaged_seeds(reference, tmp_path, capsys):
    from physics import cli
    path = _copy(reference, tmp_path)
    _truncate(path / "conductance" / "1.0")
    assert cli.main(["info", str(path)]) == 0
    assert "complete: 5/6 seeds (83.3 %); 1 damaged" in capsys.readouterr().out


def test_a_store_created_by_another_run_at_the_same_instant(reference, tmp_path):
    """Two runs creating one store at once: the second finds it there (it crashed with
    'Directory not empty' and left its staging directory behind)."""
    import json
    path = _copy(reference, tmp_path)
    loaded = result_store.load(path)
    template = loaded.drop_vars(["done", "damaged"])
    result_store.create(path, template, json.loads(loaded.attrs["config"]))
    assert not list(tmp_path.glob(".store.zarr.creating-*"))
    assert result_store.completed(zarr.open_group(str(path), mode="r")).all()


@pytest.mark.parametrize("store, message", [
    ("", "must name a store directory"), (".", "must name a store directory"),
    ("..", "must name a store directory"), ("missing/../x.zarr", "does not exist"),
])
def test_impossible_store_paths_are_refused_before_anything_is_written(store, message, tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=message):
        physics.ensemble(WIRE, store=store, **RUN)
    assert not list(tmp_path.rglob("*creating*"))


def test_a_file_or_a_foreign_directory_is_not_a_store(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    with pytest.raises(ValueError, match="is a file"):
        physics.ensemble(WIRE, store=a_file, **RUN)
    folder = tmp_path / "photos"
    folder.mkdir()
    with pytest.raises(ValueError, match="not an ensemble store"):
        physics.ensemble(WIRE, store=folder, **RUN)
    with pytest.raises(TypeError, match="store must be a path"):
        physics.ensemble(WIRE, store=3, **RUN)
