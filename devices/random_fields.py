"""Counter-based random numbers for disorder: a pure function of (seed, stream, key).

A disorder realization must not depend on the order in which sites are visited,
on the field or energy, or on which process computes it.  We therefore never
draw from a stateful generator: each random number is a SplitMix64-style hash
of the seed, a stream label and the integer lattice coordinates of the site
(or of the two sites of a bond).  The hash is vectorized with numpy.
"""

import numpy as np

__all__ = ["hash_uniform", "haar_su2", "gaussian_impurities", "STREAMS"]

#: Independent streams, so that e.g. on-site disorder and random flux drawn
#: with the same seed are uncorrelated.
STREAMS = {
    "onsite": 1,
    "random_flux": 2,
    "so_axis_polar": 3,
    "so_axis_azimuth": 4,
    "so_angle": 5,
    "impurity_position": 6,
    "impurity_amplitude": 7,
}

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z):
    """SplitMix64 finalizer on a uint64 array (wrap-around arithmetic)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def hash_uniform(seed, stream, keys):
    """Uniform numbers in [0, 1) determined only by ``(seed, stream, key)``.

    Parameters
    ----------
    seed : int
        Non-negative disorder seed.
    stream : str
        One of `STREAMS`; different streams give independent numbers.
    keys : array_like of int, shape (n, k)
        Integer keys, one row per random number (lattice tags of a site, or
        the concatenated tags of the two sites of a bond).

    Returns
    -------
    numpy.ndarray of float, shape (n,)
    """
    keys = np.asarray(keys, dtype=np.int64)
    if keys.ndim != 2:
        raise ValueError(f"keys must be a 2-d integer array, got shape {keys.shape}")
    with np.errstate(over="ignore"):
        start = _mix(np.array([seed], dtype=np.uint64) * _GOLDEN
                     + np.uint64(STREAMS[stream]))
        h = np.repeat(start, keys.shape[0])
        for column in keys.T:
            h = _mix(h ^ (column.view(np.uint64) + _GOLDEN))
    return (h >> np.uint64(11)).astype(np.float64) * 2.0**-53


def _haar_su2_angle(u):
    """Map uniform u in [0, 1) to the SU(2) rotation angle with Haar density (2/pi) sin^2."""
    grid = np.linspace(0, np.pi, 4097)
    cdf = (grid - np.sin(grid) * np.cos(grid)) / np.pi
    return np.interp(u, cdf, grid)


def haar_su2(seed, keys):
    """Haar-random SU(2) rotations ``exp(i angle axis.sigma)``, one per bond key.

    Parameters
    ----------
    seed : int
    keys : array_like of int, shape (n, 2 d)
        Tags of the lexicographically smaller site of each bond, then the larger.

    Returns
    -------
    angles : numpy.ndarray, shape (n,)
    axes : numpy.ndarray, shape (n, 3), unit vectors
    """
    cos_polar = 2 * hash_uniform(seed, "so_axis_polar", keys) - 1
    azimuth = 2 * np.pi * hash_uniform(seed, "so_axis_azimuth", keys)
    sin_polar = np.sqrt(1 - cos_polar**2)
    axes = np.column_stack([sin_polar * np.cos(azimuth), sin_polar * np.sin(azimuth), cos_polar])
    return _haar_su2_angle(hash_uniform(seed, "so_angle", keys)), axes


def gaussian_impurities(seed, positions, amplitude, correlation_length, density, cutoff=5.0):
    """Smooth disorder: ``V(r) = sum_j K_j exp(-|r - R_j|^2 / (2 xi^2))``, a function of (seed, r) only.

    The impurities R_j sit one per cell of a square (cubic) grid of spacing
    ``s = density^(-1/d)`` covering all space, each at a uniformly random place
    in its cell, with K_j uniform in [-amplitude, amplitude]; both are hashes of
    (seed, cell indices), so the potential at a site does not depend on the
    device around it.  For xi well above the lattice constant it does not
    scatter between the valleys of graphene.  <V(r) V(r')> is approximately
    ``(K^2/3) n pi xi^2 exp(-|r - r'|^2 / 4 xi^2)`` in 2D (docs/theory/disorder.md).

    Parameters
    ----------
    seed : int
    positions : numpy.ndarray, shape (n, d)
        Site positions (lattice constants).
    amplitude : float
        K (t).
    correlation_length : float
        xi (lattice constants).
    density : float
        Impurities per unit area (volume), in a^-d.
    cutoff : float
        Impurities farther than ``cutoff * xi`` are left out (relative error e^-12.5).

    Returns
    -------
    numpy.ndarray, shape (n,)
    """
    positions = np.asarray(positions, dtype=float)
    d = positions.shape[1]
    spacing = density ** (-1.0 / d)
    reach = int(np.ceil(cutoff * correlation_length / spacing)) + 1
    home = np.floor(positions / spacing).astype(np.int64)
    total = np.zeros(len(positions))
    offsets = np.array(np.meshgrid(*([np.arange(-reach, reach + 1)] * d), indexing="ij"))
    offsets = offsets.reshape(d, -1).T
    for offset in offsets:
        cells = home + offset
        jitter = np.column_stack([
            hash_uniform(seed, "impurity_position",
                         np.column_stack([cells, np.full(len(cells), axis)]))
            for axis in range(d)])
        centers = (cells + jitter) * spacing
        strength = amplitude * (2 * hash_uniform(seed, "impurity_amplitude", cells) - 1)
        distance2 = np.sum((positions - centers) ** 2, axis=1)
        total += strength * np.exp(-0.5 * distance2 / correlation_length**2)
    return total
