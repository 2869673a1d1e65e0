"""Ensemble results on disk: a zarr store written one disorder seed at a time.

Why zarr (and not NetCDF/HDF5): every seed's results live in chunks of their
own, and zarr's local store replaces each chunk file atomically (write to a
temporary file, then rename).  A run killed at any instant, even by SIGKILL,
leaves every chunk either old or new, never torn, and the HDF5 failure mode of
a file corrupted by an interrupted metadata write does not exist.  The store is
created under a temporary name and renamed into place, so it never exists
half-initialized.

Integrity.  After a seed's data the writer stores its CRC32 (``checksum``, over
every observable's bytes in name order), then marks it ``done``; both arrays
have one chunk per seed, so concurrent runs on one store never lose each
other's marks.  A seed counts as complete only when it is done *and* its data
reproduces the checksum: a truncated, deleted or altered chunk (which zarr may
decode to garbage or NaN without an error) makes its seed incomplete, `load`
returns it as NaN with ``damaged`` set, and the next run recomputes it.
Readers read the marks before the data, so a seed being written while they read
is never taken as complete.  Coordinates are restored from the stored
configuration, and the root attributes from the consolidated metadata.
"""

import json
import os
import pathlib
import shutil
import time
import uuid
import zlib

import numpy as np

__all__ = ["create", "open_existing", "write_seed", "completed", "load", "StoreMismatch",
           "StoreWriteError", "seed_checksum", "check_path"]

#: zarr's temporary chunk files (``*.partial``) older than this (s) are left over from a
#: killed write; younger ones may belong to a run writing right now and are kept.
PARTIAL_MAX_AGE = 600.0


class StoreMismatch(ValueError):
    """The store holds a different configuration than the one requested."""


class StoreWriteError(OSError):
    """The store could not be created, or a seed's results could not be written (disk
    full, store removed, ...); the seeds stored before are intact and the next run resumes
    from them.  ``errno`` is the underlying error's."""

    def __init__(self, message, errno=None):
        super().__init__(message)
        self.errno = errno


def _differences(stored, requested, prefix=""):
    keys = sorted(set(stored) | set(requested))
    out = []
    for key in keys:
        a, b = stored.get(key, "<absent>"), requested.get(key, "<absent>")
        if isinstance(a, dict) and isinstance(b, dict):
            out.extend(_differences(a, b, f"{prefix}{key}."))
        elif a != b:
            line = f"{prefix}{key}: store has {_short(a)}, requested {_short(b)}"
            if _short(a) == _short(b) and isinstance(a, list) and len(a) == len(b):
                index = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
                line += f" (first difference at index {index}: {a[index]!r} vs {b[index]!r})"
            out.append(line)
    return out


def _is_integer_list(value):
    return (isinstance(value, list) and value
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))


def _integer_runs(values):
    """'0..149' or '0..99, 200..249' (runs of consecutive integers)."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[i - 1] + 1:
            first, last = values[start], values[i - 1]
            runs.append(str(first) if first == last else f"{first}..{last}")
            start = i
    return ", ".join(runs) if len(runs) <= 4 else ", ".join(runs[:3]) + f", ... {runs[-1]}"


def _short(value):
    """A readable form of a configuration value: integer lists as ranges, long number lists
    by their count and ends."""
    if _is_integer_list(value) and len(value) > 3:
        return f"{_integer_runs(value)} ({len(value)} values)"
    if (isinstance(value, list) and len(value) > 6
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        return f"{len(value)} values {value[0]:.6g} .. {value[-1]:.6g}"
    text = json.dumps(value)
    return text if len(text) < 80 else text[:77] + "..."


def check_path(store):
    """The store path as a `pathlib.Path`, refused with one line before anything is written
    when it cannot be a store: '', '.', '..', a file, a directory that is not a store, or a
    new store in a directory that does not exist or is not writable."""
    if not isinstance(store, (str, os.PathLike)):
        raise TypeError(f"store must be a path (str or os.PathLike), got {type(store).__name__}")
    path = pathlib.Path(store)
    if str(store).strip() in ("", ".", "..") or path.name in ("", ".", ".."):
        raise ValueError(f"store must name a store directory (e.g. 'run.zarr'), got {str(store)!r}")
    if path.is_file():
        raise ValueError(f"store {path} is a file, not an ensemble store")
    if path.is_dir():
        if not (path / ".zgroup").is_file():
            raise ValueError(f"store {path} exists and is not an ensemble store (no .zgroup): "
                             f"choose a new path")
        return path
    parent = path.parent
    if not parent.is_dir():
        raise ValueError(f"store {path}: the directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"store {path}: the directory {parent} is not writable")
    return path


def create(path, template, config):
    """Create the store for ``template`` (an xarray Dataset of NaN) with ``config`` attrs.

    Only metadata and coordinates are written; data chunks appear as seeds complete.
    """
    import dask.array
    import xarray as xr

    path = pathlib.Path(path)
    lazy = xr.Dataset(
        {name: (var.dims, dask.array.full(var.shape, np.nan, dtype=var.dtype,
                                          chunks=(1,) + var.shape[1:]), var.attrs)
         for name, var in template.data_vars.items()},
        coords=template.coords, attrs=template.attrs)
    n_seeds = template.sizes["seed"]
    lazy["done"] = ("seed", np.zeros(n_seeds, dtype=np.int8),
                    {"description": "1 once every observable of this seed is stored"})
    lazy["checksum"] = ("seed", np.full(n_seeds, -1, dtype=np.int64),
                        {"description": "CRC32 of the seed's data (seed_checksum); -1: none"})
    lazy.attrs["config"] = json.dumps(config, sort_keys=True)
    encoding = {name: {"chunks": (1,) + lazy[name].shape[1:]} for name in template.data_vars}
    # One chunk per seed: concurrent writers never rewrite each other's marks.
    encoding["done"] = encoding["checksum"] = {"chunks": (1,)}
    staging = path.with_name(f".{path.name}.creating-{uuid.uuid4().hex}")
    # Zarr format 2 with consolidated metadata: the standard that xarray.open_zarr
    # reads without warnings; the metadata never changes after creation.
    try:
        lazy.to_zarr(staging, mode="w-", compute=False, encoding=encoding, consolidated=True,
                     zarr_format=2)
    except OSError as error:  # disk full, ...: leave nothing behind
        _remove_staging(staging)
        raise StoreWriteError(f"store {path} could not be created: "
                              f"{error.strerror or error}", error.errno) from None
    except BaseException:
        _remove_staging(staging)
        raise
    try:
        os.rename(staging, path)  # atomic: the store appears complete or not at all
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not path.exists():
            raise
        # Another run created it first: `open_existing` compares its configuration.


#: How long (s) `_remove_staging` waits for a failed creation's other writes to settle.
STAGING_SETTLE_TIME = 5.0


def _remove_staging(staging):
    """Remove a staging directory whose creation failed.  zarr writes the metadata files
    concurrently (asyncio): when one write fails, the others are still in flight and may
    recreate files after a first removal (seen on a full tmpfs), so remove until the
    directory stays gone."""
    deadline = time.monotonic() + STAGING_SETTLE_TIME
    while True:
        shutil.rmtree(staging, ignore_errors=True)
        time.sleep(0.05)
        if not staging.exists() or time.monotonic() > deadline:
            return


def open_existing(path, config):
    """Open an existing store for writing; refuse if its configuration differs.

    A store grows: requested seeds that continue the stored ones (the stored seeds
    first, in order, then new ones; nothing else changed) extend it, and only the new
    seeds are computed.  Repairs what can be rebuilt from the store itself: lost root
    attributes (from the consolidated metadata) and damaged coordinates (from the
    configuration).
    """
    import zarr

    # Not the consolidated metadata: it would hide what happened on disk since creation.
    group = zarr.open_group(str(path), mode="r+", use_consolidated=False)
    if "config" not in group.attrs:
        _restore_attributes(path, group)
    stored = json.loads(group.attrs["config"])
    requested = json.loads(json.dumps(config, sort_keys=True))
    diff = _differences({**stored, "seeds": None}, {**requested, "seeds": None})
    old_seeds, new_seeds = stored["seeds"], requested["seeds"]
    grows = len(new_seeds) > len(old_seeds) and new_seeds[:len(old_seeds)] == old_seeds
    if new_seeds != old_seeds and not grows:
        diff.append(f"seeds: store has {_short(old_seeds)}, requested {_short(new_seeds)} "
                    f"(a store grows only by seeds after its own, in order)")
    if diff:
        raise StoreMismatch(f"store {path} was made with a different configuration:\n  "
                            + "\n  ".join(diff))
    if grows:
        # The configuration first: it is what claims the new seeds.  A run killed before
        # the arrays are extended leaves a store that the next run extends (below).
        group.attrs["config"] = json.dumps(requested, sort_keys=True)
        stored = requested
    extended = _extend_seed_arrays(group, len(stored["seeds"]))
    _restore_coordinates(group, stored)
    if extended:  # xarray.open_zarr reads the shapes from the consolidated metadata
        zarr.consolidate_metadata(str(path), zarr_format=2)
    now = time.time()
    for leftover in pathlib.Path(path).rglob("*.partial"):  # from a killed write
        try:
            if now - leftover.stat().st_mtime > PARTIAL_MAX_AGE:
                leftover.unlink(missing_ok=True)
        except FileNotFoundError:  # its writer just renamed it into place
            pass
    return group


def _extend_seed_arrays(group, n_seeds):
    """Give every array along ``seed`` ``n_seeds`` entries (new chunks are absent: NaN data,
    not done); whether any changed."""
    changed = False
    for name in group.array_keys():
        array = group[name]
        if _dimensions(array)[:1] == ["seed"] and array.shape[0] < n_seeds:
            array.resize((n_seeds,) + array.shape[1:])
            changed = True
    return changed


def _consolidated_attributes(path):
    """The root attributes as recorded in the consolidated metadata (``.zmetadata``, zarr
    format 2), {} if it is missing or unreadable."""
    try:
        metadata = json.loads((pathlib.Path(path) / ".zmetadata").read_text())
        return dict(metadata["metadata"].get(".zattrs", {}))
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _restore_attributes(path, group):
    attributes = _consolidated_attributes(path)
    if "config" not in attributes:
        raise ValueError(f"{path}: the store's attributes (its configuration) are lost and "
                         f"cannot be recovered; rerun from the configuration into a new store")
    group.attrs.update(attributes)


def _restore_coordinates(group, config):
    """Rewrite the seed and sweep coordinates from the configuration where they differ."""
    expected = {"seed": np.asarray(config["seeds"])}
    expected.update({name: np.asarray(values) for name, values in config["sweep"].items()})
    for name, values in expected.items():
        if name in group and not np.array_equal(_read_or_none(group[name]), values):
            group[name][:] = values


def _read_or_none(array):
    try:
        return array[:]
    except Exception:  # noqa: BLE001 - an undecodable chunk
        return None


def seed_checksum(values_by_name):
    """CRC32 of one seed's results: the bytes of every observable, in name order."""
    crc = 0
    for name in sorted(values_by_name):
        crc = zlib.crc32(np.ascontiguousarray(values_by_name[name]).tobytes(), crc)
    return crc


def write_seed(group, index, results):
    """Store one seed's observables (one chunk each), its checksum, then mark it done."""
    stored = {}
    try:
        for name, values in results.items():
            stored[name] = np.asarray(values, dtype=group[name].dtype)
            group[name][index] = stored[name]
        group["checksum"][index] = seed_checksum(stored)
        group["done"][index] = 1
    except OSError as error:  # zarr removes its temporary chunk file itself
        raise StoreWriteError(f"store {group.store.root}: seed number {index} could not be "
                              f"written ({error.strerror or error}); the seeds stored before "
                              f"it are kept: run again to resume", error.errno) from None


def completed(group):
    """Boolean mask over seeds: True where the seed's results are stored and intact."""
    return _verified(group)[0]


def _dimensions(array):
    return list(array.attrs.get("_ARRAY_DIMENSIONS", []))


def _coordinate_names(group):
    """Dimension coordinates, and coordinates along them that are not per seed (the
    lattice ``phi`` along a ``field`` in T)."""
    return sorted(name for name in group.array_keys()
                  if _dimensions(group[name]) == [name]
                  or _dimensions(group[name])[:1] not in (["seed"], []))


def _observable_names(group):
    skip = set(_coordinate_names(group)) | {"done", "checksum"}
    return sorted(name for name in group.array_keys() if name not in skip)


def _coordinates(group, config):
    """Every coordinate: seeds and sweeps from the configuration, the others as stored
    (an index range where a chunk cannot be decoded)."""
    from_config = {"seed": config["seeds"][:_seed_count(group)], **config["sweep"]}
    coords = {}
    for name in _coordinate_names(group):
        array = group[name]
        values = from_config.get(name)
        if values is None:
            values = _read_or_none(array)
            values = np.arange(array.shape[0]) if values is None else values
        coords[name] = (_dimensions(array), np.asarray(values, dtype=array.dtype),
                        _user_attributes(array.attrs))
    return coords


def _seed_count(group):
    """The number of seeds every array along ``seed`` holds (a run killed while it extended
    the store leaves some arrays longer: a reader sees the seeds they all have)."""
    return min(group[name].shape[0] for name in group.array_keys()
               if _dimensions(group[name])[:1] == ["seed"])


def _verified(group):
    """``(complete, damaged, data)``: marks read first, then the data of every observable
    (per seed where a chunk cannot be decoded); a seed marked done whose data does not
    reproduce its checksum is damaged."""
    n_seeds = _seed_count(group)
    done = np.asarray(group["done"][:n_seeds], dtype=bool)
    checksums = group["checksum"][:n_seeds] if "checksum" in group else None
    data = {name: _read_per_seed_if_needed(group[name], n_seeds)
            for name in _observable_names(group)}
    if checksums is None:  # a store from before the checksums: trust the marks
        return done, np.zeros_like(done), data
    damaged = np.zeros_like(done)
    for index in np.flatnonzero(done):
        seed_values = {name: values[index] for name, values in data.items()}
        if seed_checksum(seed_values) != checksums[index]:
            damaged[index] = True
    return done & ~damaged, damaged, data


def _read_per_seed_if_needed(array, n_seeds):
    """The first ``n_seeds`` entries; if a chunk cannot be decoded, seed by seed with NaN
    where not."""
    try:
        return np.asarray(array[:n_seeds])
    except Exception:  # noqa: BLE001 - truncated or garbage chunk: isolate it
        values = np.full((n_seeds,) + array.shape[1:], np.nan, dtype=array.dtype)
        for index in range(n_seeds):
            try:
                values[index] = array[index]
            except Exception:  # noqa: BLE001
                values[index] = np.nan
        return values


def load(path):
    """The stored dataset (all seeds, NaN where not complete), with its ``done`` mask and
    the ``damaged`` seeds (marked done, data not intact: recomputed by the next run)."""
    import xarray as xr
    import zarr

    group = zarr.open_group(str(path), mode="r", use_consolidated=False)
    complete, damaged, data = _verified(group)
    attributes = _consolidated_attributes(path)
    attributes.update(group.attrs)
    if "config" not in attributes:
        raise ValueError(f"{path}: not a meso ensemble store (no configuration attribute)")
    config = json.loads(attributes["config"])
    coords = _coordinates(group, config)
    variables = {}
    for name, values in data.items():
        values = np.array(values)
        values[~complete] = np.nan
        variables[name] = (_dimensions(group[name]), values, _user_attributes(group[name].attrs))
    variables["done"] = ("seed", complete)
    variables["damaged"] = ("seed", damaged)
    return xr.Dataset(variables, coords=coords, attrs=attributes)


def _user_attributes(attributes):
    # "coordinates" is xarray's encoding of the non-dimension coordinates, not an attribute.
    return {k: v for k, v in attributes.items()
            if not k.startswith("_") and k != "coordinates"}
