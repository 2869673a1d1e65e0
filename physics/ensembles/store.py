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
           "seed_checksum", "check_path"]

#: zarr's temporary chunk files (``*.partial``) older than this (s) are left over from a
#: killed write; younger ones may belong to a run writing right now and are kept.
PARTIAL_MAX_AGE = 600.0


class StoreMismatch(ValueError):
    """The store holds a different configuration than the one requested."""


def _differences(stored, requested, prefix=""):
    keys = sorted(set(stored) | set(requested))
    out = []
    for key in keys:
        a, b = stored.get(key, "<absent>"), requested.get(key, "<absent>")
        if isinstance(a, dict) and isinstance(b, dict):
            out.extend(_differences(a, b, f"{prefix}{key}."))
        elif a != b:
            out.append(f"{prefix}{key}: store has {_short(a)}, requested {_short(b)}")
    return out


def _short(value):
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
    lazy.to_zarr(staging, mode="w-", compute=False, encoding=encoding, consolidated=True,
                 zarr_format=2)
    try:
        os.rename(staging, path)  # atomic: the store appears complete or not at all
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not path.exists():
            raise
        # Another run created it first: `open_existing` compares its configuration.


def open_existing(path, config):
    """Open an existing store for writing; refuse if its configuration differs.

    Repairs what can be rebuilt from the store itself: lost root attributes (from the
    consolidated metadata) and damaged coordinates (from the configuration).
    """
    import zarr

    # Not the consolidated metadata: it would hide what happened on disk since creation.
    group = zarr.open_group(str(path), mode="r+", use_consolidated=False)
    if "config" not in group.attrs:
        _restore_attributes(path, group)
    stored = json.loads(group.attrs["config"])
    diff = _differences(stored, json.loads(json.dumps(config, sort_keys=True)))
    if diff:
        raise StoreMismatch(f"store {path} was made with a different configuration:\n  "
                            + "\n  ".join(diff))
    _restore_coordinates(group, stored)
    now = time.time()
    for leftover in pathlib.Path(path).rglob("*.partial"):  # from a killed write
        try:
            if now - leftover.stat().st_mtime > PARTIAL_MAX_AGE:
                leftover.unlink(missing_ok=True)
        except FileNotFoundError:  # its writer just renamed it into place
            pass
    return group


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
    for name, values in results.items():
        stored[name] = np.asarray(values, dtype=group[name].dtype)
        group[name][index] = stored[name]
    group["checksum"][index] = seed_checksum(stored)
    group["done"][index] = 1


def completed(group):
    """Boolean mask over seeds: True where the seed's results are stored and intact."""
    return _verified(group)[0]


def _dimensions(array):
    return list(array.attrs.get("_ARRAY_DIMENSIONS", []))


def _coordinate_names(group):
    return sorted(name for name in group.array_keys() if _dimensions(group[name]) == [name])


def _observable_names(group):
    skip = set(_coordinate_names(group)) | {"done", "checksum"}
    return sorted(name for name in group.array_keys() if name not in skip)


def _coordinates(group, config):
    """Every coordinate: seeds and sweeps from the configuration, the others as stored
    (an index range where a chunk cannot be decoded)."""
    from_config = {"seed": config["seeds"], **config["sweep"]}
    coords = {}
    for name in _coordinate_names(group):
        array = group[name]
        values = from_config.get(name)
        if values is None:
            values = _read_or_none(array)
            values = np.arange(array.shape[0]) if values is None else values
        coords[name] = (name, np.asarray(values, dtype=array.dtype),
                        _user_attributes(array.attrs))
    return coords


def _verified(group):
    """``(complete, damaged, data)``: marks read first, then the data of every observable
    (per seed where a chunk cannot be decoded); a seed marked done whose data does not
    reproduce its checksum is damaged."""
    done = np.asarray(group["done"][:], dtype=bool)
    checksums = group["checksum"][:] if "checksum" in group else None
    data = {name: _read_per_seed_if_needed(group[name]) for name in _observable_names(group)}
    if checksums is None:  # a store from before the checksums: trust the marks
        return done, np.zeros_like(done), data
    damaged = np.zeros_like(done)
    for index in np.flatnonzero(done):
        seed_values = {name: values[index] for name, values in data.items()}
        if seed_checksum(seed_values) != checksums[index]:
            damaged[index] = True
    return done & ~damaged, damaged, data


def _read_per_seed_if_needed(array):
    """The whole array; if a chunk cannot be decoded, seed by seed with NaN where not."""
    try:
        return np.asarray(array[:])
    except Exception:  # noqa: BLE001 - truncated or garbage chunk: isolate it
        values = np.full(array.shape, np.nan, dtype=array.dtype)
        for index in range(array.shape[0]):
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
    return {k: v for k, v in attributes.items() if not k.startswith("_")}
