"""The Coulomb interaction matrix between the sites of a sample: one definition for all users.

``V_ij = V0 exp(-r_ij / lambda) / r_ij`` between distinct sites (the kernel
`physics.theory.interactions.coulomb_potential`), with an optional screening
length lambda, an optional minimum-image distance along x (rings), and a
diagonal ``V_ii = V0 * onsite``: zero for Hartree-Fock and the Coulomb glass
(the on-site part is the Hubbard U, or absent), the unit-cell average of 1/r
for screening (`unit_cell_average_inverse_distance`).  Used by
`physics.hartree_fock` (`coulomb_matrix`), `physics.screening`
(`CoulombInteraction`) and `physics.hopping` (`coulomb_glass`).

Units: positions and lengths in lattice constants a (any length unit for the
Coulomb glass), V0 in t (energy: the interaction at unit distance).
"""

import numbers

import numpy as np

from devices.validation import check_count, check_nonnegative, check_positive, check_real_array

from ..theory.interactions import coulomb_potential

__all__ = ["coulomb_matrix", "pair_distances", "unit_cell_average_inverse_distance",
           "check_screening_length"]


def check_screening_length(value):
    """A screening length: a real number > 0 (lattice constants) or ``numpy.inf`` (unscreened).

    Parameters
    ----------
    value : float

    Returns
    -------
    float

    Raises
    ------
    TypeError
        Not a real number.
    ValueError
        Zero, negative or NaN.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value == np.inf:
        return float(value)
    return check_positive("screening_length", value)


def pair_distances(positions, period=None):
    """Distances ``r_ij = |r_i - r_j|`` between all sites, minimum image along x if periodic.

    Parameters
    ----------
    positions : (n, d) array_like of float
        Site positions (lattice constants).
    period : float or sequence of (float or None), optional
        Period along x (a ring of ``period`` sites): the x component of
        ``r_i - r_j`` is taken modulo ``period``, in [-period/2, period/2].  A sequence
        gives one period (or None) per axis (a torus: `devices.ClosedSample.periods`).

    Returns
    -------
    numpy.ndarray, shape (n, n)
        r_ij (same unit as ``positions``), zero on the diagonal.
    """
    positions = check_real_array("positions", positions, ndim=2)
    periods = [None] * positions.shape[1]
    if np.ndim(period) == 0:
        periods[0] = period
    elif len(period) == positions.shape[1]:
        periods = list(period)
    else:
        raise ValueError(f"period must be a number or one entry per axis "
                         f"({positions.shape[1]}), got {period!r}")
    periods = [None if p is None else check_positive("period", p) for p in periods]
    # One coordinate at a time (n x n temporaries, not n x n x d); the sum runs in the
    # order of the coordinates, as sqrt(sum(delta**2, axis=-1)) does.
    squared = np.zeros((len(positions), len(positions)))
    for k in range(positions.shape[1]):
        delta = positions[:, k, None] - positions[None, :, k]
        if periods[k] is not None:
            delta -= periods[k] * np.round(delta / periods[k])
        np.square(delta, out=delta)
        squared += delta
    return np.sqrt(squared, out=squared)


def coulomb_matrix(positions, strength, screening_length=np.inf, period=None, onsite=0.0):
    """V_ij = V0 exp(-r_ij / lambda) / r_ij between distinct sites, ``V0 * onsite`` on the diagonal.

    Parameters
    ----------
    positions : (n, d) array_like of float
        Site positions in lattice constants; distinct (no two at distance 0, also
        not as periodic images).
    strength : float
        V0 >= 0 in t (e^2 / (4 pi eps a) in lattice units).
    screening_length : float
        lambda > 0 in lattice constants; ``numpy.inf`` for the bare 1/r.
    period : float or sequence, optional
        Period along x of a ring (the minimum-image distance is used along x), or one
        period (or None) per axis (`pair_distances`).
    onsite : float
        ``V_ii / V0`` >= 0: 0 (default) excludes the on-site term;
        `unit_cell_average_inverse_distance` is the regularized self-interaction
        of a charge smeared over its unit cell.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        V in t, symmetric.
    """
    strength = check_nonnegative("strength", strength)
    screening_length = check_screening_length(screening_length)
    onsite = check_nonnegative("onsite", onsite)
    r = pair_distances(positions, period)
    if np.count_nonzero(r == 0) > len(r):
        raise ValueError("positions must be distinct (two sites at distance 0)")
    np.fill_diagonal(r, 1.0)
    v = coulomb_potential(r, strength, screening_length)
    np.fill_diagonal(v, strength * onsite)
    return v


def unit_cell_average_inverse_distance(dimension):
    """Average of 1/r over the unit cell centred on a site: the regularized on-site Coulomb term.

    2D: ``4 ln(1 + sqrt 2)`` = 3.5255 (unit square); 3D: the unit cube,
    ``3 ln((sqrt 3 + 1)/(sqrt 3 - 1)) - pi/2`` = 2.3800.  Both are the
    interaction of a site's charge with itself smeared uniformly over its
    cell, so a charge spread evenly over many sites feels the continuum
    Coulomb energy.

    Parameters
    ----------
    dimension : int
        2 (a sheet: average over the unit square) or 3 (the unit cube).

    Returns
    -------
    float
        <1/r> in 1/a; times V0 (t) it is V_ii.
    """
    dimension = check_count("dimension", dimension, minimum=2)
    if dimension == 2:
        return 4 * np.log(1 + np.sqrt(2))
    if dimension == 3:
        s = np.sqrt(3)
        return 3 * np.log((s + 1) / (s - 1)) - np.pi / 2
    raise ValueError(f"dimension must be 2 or 3, got {dimension!r}")
