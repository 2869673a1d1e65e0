"""Disorder ensembles: the plan of a run, its executors, the resumable zarr store,
provenance and configuration files."""

from .runner import OBSERVABLES, ensemble, local_dask_cluster, rerun
from . import config, provenance, store
