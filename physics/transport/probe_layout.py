"""Buttiker probes: which sites carry one, and the coupling eta.

One definition shared by every probe solver (`physics.dephasing`).
"""

import re

import numpy as np

from devices.validation import check_nonnegative, check_positive

__all__ = ["PROBE_PATTERNS", "probe_grid_stride", "probe_sites", "check_dephasing"]

#: Named probe layouts: on every site, on one sublattice of a bipartite lattice, or
#: 'grid:N', every N-th site along each axis (probe fraction 1/N^d; N >= 2).
PROBE_PATTERNS = ("all", "checkerboard", "grid:N")


def probe_grid_stride(probes):
    """Validate a named probe layout; the N of 'grid:N' (0 for 'all', 'checkerboard')."""
    if probes in ("all", "checkerboard"):
        return 0
    match = re.fullmatch(r"grid:(\d+)", probes) if isinstance(probes, str) else None
    if match is None or int(match.group(1)) < 2:
        raise ValueError(f"probes must be 'all', 'checkerboard', 'grid:N' (N >= 2), site "
                         f"indices or a boolean mask, got {probes!r}")
    return int(match.group(1))


def probe_sites(tags, probes):
    """Indices of the sites that carry a probe, sorted.

    Parameters
    ----------
    tags : array_like of int, shape (number of sites, dimension)
        Lattice tags of the scattering region's sites (Kwant's site order).
    probes : 'all', 'checkerboard', 'grid:N' or array_like of int or bool
        'all': every site; 'checkerboard': sites whose tags sum to an even number;
        'grid:N': sites whose every tag is a multiple of N; else site indices or a
        boolean mask over the sites.

    Returns
    -------
    numpy.ndarray of int
    """
    tags = np.asarray(tags)
    n_sites = tags.shape[0]
    if isinstance(probes, str):
        stride = probe_grid_stride(probes)
        sites = np.arange(n_sites)
        if probes == "checkerboard":
            sites = sites[tags.sum(axis=1) % 2 == 0]
        elif stride:
            sites = sites[np.all(tags % stride == 0, axis=1)]
    else:
        probes = np.asarray(probes)
        if probes.dtype == bool:
            if probes.shape != (n_sites,):
                raise ValueError(f"a boolean probes mask needs one entry per site "
                                 f"({n_sites}), got shape {probes.shape}")
            sites = np.flatnonzero(probes)
        else:
            if probes.ndim != 1 or not np.issubdtype(probes.dtype, np.integer):
                raise ValueError("probes must be 'all', a 1D array of site indices or a "
                                 "boolean mask")
            sites = np.unique(probes)
            if sites.size and (sites[0] < 0 or sites[-1] >= n_sites):
                raise ValueError(f"probe site indices must be in [0, {n_sites})")
    if sites.size == 0:
        raise ValueError("probes selects no site")
    return sites


def check_dephasing(value, allow_zero=True):
    """The probe coupling eta in t: a finite real number >= 0 (> 0 unless ``allow_zero``)."""
    name = "dephasing (probe coupling eta in t)"
    return check_nonnegative(name, value) if allow_zero else check_positive(name, value)
