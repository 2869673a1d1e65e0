"""Ensemble results on disk: a zarr store written one disorder seed at a time.

Why zarr (and not NetCDF/HDF5): every seed's results live in chunks of their
own, and zarr's local store replaces each chunk file atomically (write to a
temporary file, then rename).  A run killed at any instant, even by SIGKILL,
leaves every chunk either old or new, never torn, and the HDF5 failure mode of
a file corrupted by an interrupted metadata write does not exist.  Completion
is recorded per seed in the ``done`` array *after* that seed's data, so a seed
is either complete or recomputed on resume.  The store is created under a
temporary name and renamed into place, so it never exists half-initialized.
"""

import json
import os
import pathlib
import uuid

import numpy as np

__all__ = ["create", "open_existing", "write_seed", "completed", "load", "StoreMismatch"]


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
    lazy["done"] = ("seed", np.zeros(template.sizes["seed"], dtype=np.int8),
                    {"description": "1 once every observable of this seed is stored"})
    lazy.attrs["config"] = json.dumps(config, sort_keys=True)
    encoding = {name: {"chunks": (1,) + lazy[name].shape[1:]} for name in template.data_vars}
    encoding["done"] = {"chunks": (lazy.sizes["seed"],)}
    staging = path.with_name(f".{path.name}.creating-{uuid.uuid4().hex}")
    # Zarr format 2 with consolidated metadata: the standard that xarray.open_zarr
    # reads without warnings; the metadata never changes after creation.
    lazy.to_zarr(staging, mode="w-", compute=False, encoding=encoding, consolidated=True,
                 zarr_format=2)
    os.rename(staging, path)  # atomic: the store appears complete or not at all


def open_existing(path, config):
    """Open an existing store for writing; refuse if its configuration differs."""
    import zarr

    group = zarr.open_group(str(path), mode="r+")
    stored = json.loads(group.attrs["config"])
    diff = _differences(stored, json.loads(json.dumps(config, sort_keys=True)))
    if diff:
        raise StoreMismatch(f"store {path} was made with a different configuration:\n  "
                            + "\n  ".join(diff))
    for leftover in pathlib.Path(path).rglob("*.partial"):  # from a killed write
        leftover.unlink(missing_ok=True)
    return group


def completed(group):
    """Boolean mask over seeds: True where the seed's results are stored."""
    return np.asarray(group["done"][:], dtype=bool)


def write_seed(group, index, results):
    """Store one seed's observables (one chunk each), then mark it done."""
    for name, values in results.items():
        group[name][index] = values
    done = group["done"]
    done[index] = 1


def load(path):
    """The stored dataset (all seeds, NaN where not done) with its ``done`` mask."""
    import xarray as xr
    return xr.open_zarr(str(path)).load()
