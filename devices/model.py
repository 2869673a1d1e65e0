"""Arrays of sites and bonds: what the vectorized Hamiltonian terms of a device act on.

A device's Hamiltonian is written once, as two vectorized functions,
``Device.onsite(sites, params)`` and ``Device.hopping(bonds, params)``
(`devices.base`).  Every consumer evaluates those same functions:

* Kwant's value functions (`devices.base.Device.builder`) look the value of a
  site or bond up in one evaluation over the whole scattering region;
* the numpy assembly of the fast solvers (`devices.assembly`) evaluates them
  on all sites and bonds at once;
* the slices of arbitrarily long bars (`devices.slices`) and closed samples
  (`devices.closed`) evaluate them on sites that no Kwant system holds.

`Sites` and `Bonds` carry the geometry those functions need: positions,
integer tags, sublattice numbers, the disorder hash keys, and for bonds the
displacement, the midpoint, a canonical orientation and an optional extra
phase.  They also hold small, bounded caches of quantities that depend on the
seed only (random numbers), so that a sweep over fields or energies does not
recompute them.
"""

import collections

import numpy as np

from . import random_fields

__all__ = ["Sites", "Bonds", "ModelMismatchError", "RANDOM_CACHE_SIZE"]

#: Seeds whose random numbers a `Sites` or `Bonds` object keeps (oldest evicted).
RANDOM_CACHE_SIZE = 4


class ModelMismatchError(RuntimeError):
    """A fast solver's Hamiltonian differs from Kwant's for the same device and parameters."""


class _BoundedCache:
    """A small least-recently-inserted cache (bounded: an ensemble visits many seeds)."""

    def __init__(self, size):
        self.size = size
        self.data = collections.OrderedDict()

    def get(self, key, compute):
        if key in self.data:
            return self.data[key]
        value = compute()
        if len(self.data) >= self.size:
            self.data.popitem(last=False)
        self.data[key] = value
        return value


class Sites:
    """A set of lattice sites as arrays.

    Parameters
    ----------
    lattice : devices.lattices.Lattice
    sublattice : array_like of int, shape (n,)
        Sublattice number of each site (0 on Bravais lattices).
    tags : array_like of int, shape (n, dimension)
        Integer lattice coordinates.
    lead : int or None
        None for sites of the scattering region, else the lead they belong to
        (lead terms are clean: no disorder, no potential).

    Attributes
    ----------
    positions : numpy.ndarray, shape (n, dimension)
        Positions in lattice constants.
    keys : numpy.ndarray of int, shape (n, k)
        Keys of the disorder hash (`devices.random_fields.hash_uniform`).
    """

    def __init__(self, lattice, sublattice, tags, lead=None, positions=None):
        self.lattice = lattice
        self.tags = np.asarray(tags, dtype=np.int64).reshape(-1, lattice.dimension)
        self.sublattice = np.broadcast_to(np.asarray(sublattice, dtype=np.int64),
                                          (len(self.tags),)).copy()
        self.lead = lead
        self.positions = (lattice.positions(self.sublattice, self.tags) if positions is None
                          else np.asarray(positions, dtype=float))
        self.keys = lattice.hash_keys(self.sublattice, self.tags)
        self._random = _BoundedCache(RANDOM_CACHE_SIZE * 4)
        self._memo = {}

    @classmethod
    def from_kwant(cls, lattice, kwant_sites, lead=None):
        """Sites from a sequence of Kwant sites of ``lattice``'s families."""
        index = lattice.family_index
        sublattice = np.array([index[site.family] for site in kwant_sites], dtype=np.int64)
        tags = np.array([site.tag for site in kwant_sites], dtype=np.int64)
        return cls(lattice, sublattice, tags.reshape(-1, lattice.dimension), lead=lead)

    def __len__(self):
        return len(self.tags)

    def uniform(self, stream, seed):
        """Uniform [0, 1) numbers of one hash stream, one per site (cached per seed)."""
        return self._random.get((stream, seed),
                                lambda: random_fields.hash_uniform(seed, stream, self.keys))

    def memo(self, name, compute):
        """A seed-independent derived array, computed once (e.g. a gauge function)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


class Bonds:
    """A set of hoppings ``to <- from`` as arrays.

    Parameters
    ----------
    to_sites, from_sites : Sites
        The two ends of every bond (same length).
    displacement : array_like, optional
        ``to - from`` in real space; default the difference of the positions.
        A wrap-around bond of a periodic sample passes the geometric vector.
    keys : array_like of int, optional
        Keys of the disorder hash of every bond; default: the keys of the end
        with the smaller (sublattice, tag), then of the other, so that both
        directions of a bond draw the same numbers.
    orientation : array_like, optional
        +1 where ``to`` is the smaller end (random phases and rotations are
        drawn for that direction), -1 where it is the larger one.
    extra_phase : array_like, optional
        A phase (rad) added to the Peierls phase of each bond (boundary twists).

    Attributes
    ----------
    midpoint : numpy.ndarray, shape (n, dimension)
        ``to - displacement / 2``: where the vector potential is evaluated.
    """

    def __init__(self, to_sites, from_sites, displacement=None, keys=None, orientation=None,
                 extra_phase=None):
        self.to = to_sites
        self.frm = from_sites
        self.lead = to_sites.lead
        self.lattice = to_sites.lattice
        self.displacement = (to_sites.positions - from_sites.positions if displacement is None
                             else np.asarray(displacement, dtype=float))
        self.midpoint = to_sites.positions - 0.5 * self.displacement
        if keys is None or orientation is None:
            to_first = _lexicographically_smaller(to_sites.keys, from_sites.keys)
            if keys is None:
                keys = np.where(to_first[:, None],
                                np.concatenate([to_sites.keys, from_sites.keys], axis=1),
                                np.concatenate([from_sites.keys, to_sites.keys], axis=1))
            if orientation is None:
                orientation = np.where(to_first, 1.0, -1.0)
        self.keys = np.asarray(keys, dtype=np.int64)
        self.orientation = np.asarray(orientation, dtype=float)
        self.extra_phase = (np.zeros(len(self.keys)) if extra_phase is None
                            else np.asarray(extra_phase, dtype=float))
        self._random = _BoundedCache(RANDOM_CACHE_SIZE * 4)
        self._memo = {}

    def __len__(self):
        return len(self.keys)

    def uniform(self, stream, seed):
        """Uniform [0, 1) numbers of one hash stream, one per bond (cached per seed)."""
        return self._random.get((stream, seed),
                                lambda: random_fields.hash_uniform(seed, stream, self.keys))

    def su2(self, seed):
        """Haar-random SU(2) angles and axes, one per bond (cached per seed)."""
        return self._random.get(("su2", seed), lambda: random_fields.haar_su2(seed, self.keys))

    def memo(self, name, compute):
        """A seed-independent derived array, computed once (gauge differences, windings)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


def _lexicographically_smaller(a, b):
    """Row-wise ``tuple(a) < tuple(b)`` for two integer arrays of the same shape."""
    smaller = np.zeros(len(a), dtype=bool)
    decided = np.zeros(len(a), dtype=bool)
    for column in range(a.shape[1]):
        less = (a[:, column] < b[:, column]) & ~decided
        more = (a[:, column] > b[:, column]) & ~decided
        smaller |= less
        decided |= less | more
    return smaller
