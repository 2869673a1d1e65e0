"""Disorder ensembles: the plan of a run, its inputs in physical units, its executors,
the resumable zarr store, provenance and configuration files."""

from .runner import OBSERVABLES, ensemble, local_dask_cluster, rerun
from .physical import in_siemens
from . import config, physical, provenance, store
