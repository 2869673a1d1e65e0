"""Lattices of the device model: square, cubic and honeycomb, with nearest-neighbour hoppings.

A `Lattice` wraps the Kwant lattice of a device and the conventions the model
needs beyond it: the band offset (the on-site energy of the clean lattice),
the band edges, how sites are enumerated inside a region, which lattice
vector a lead along a given direction repeats with, and the integer keys that
feed the disorder hash (the sites' integer tags, preceded by the sublattice
number when there is more than one sublattice).

Conventions (lattice units, hopping t = 1):

=========  ===========================  ==============  ====================
lattice    lattice constant a = 1        band offset     band (t)
=========  ===========================  ==============  ====================
square     nearest neighbours at a       4 t             [0, 8]: E from the
                                                         band bottom
cubic      nearest neighbours at a       6 t             [0, 12]
honeycomb  Bravais constant a (the C-C   0               [-3, 3]: E from the
           distance is a/sqrt 3)                         Dirac point
=========  ===========================  ==============  ====================

The honeycomb lattice is Kwant's: primitive vectors (1, 0) and (1/2, sqrt 3/2),
sublattice A at (0, 0) and B at (0, 1/sqrt 3), so that edges along x are
zigzag and edges along y armchair.  See docs/theory/lattices.md.
"""

import itertools
import math

import kwant
import numpy as np

__all__ = ["Lattice", "LATTICES"]

#: Names of the built-in lattices.
LATTICES = ("square", "cubic", "honeycomb")

_BAND = {"square": (0.0, 8.0), "cubic": (0.0, 12.0), "honeycomb": (-3.0, 3.0)}
_OFFSET = {"square": 4.0, "cubic": 6.0, "honeycomb": 0.0}


class Lattice:
    """A nearest-neighbour lattice of the device model.

    Parameters
    ----------
    name : {'square', 'cubic', 'honeycomb'}
    norbs : int
        Orbitals per site (2 with spin).

    Attributes
    ----------
    kwant_lattice : kwant.lattice.Monatomic or kwant.lattice.Polyatomic
    families : list of kwant.lattice.Monatomic
        The sublattices, in the order of the sublattice numbers.
    dimension : int
    band_offset : float
        On-site energy of the clean lattice (t).
    band : tuple of float
        Lowest and highest energy of the clean infinite lattice (t).
    """

    def __init__(self, name, norbs=1):
        if name not in LATTICES:
            raise ValueError(f"lattice must be one of {', '.join(LATTICES)}, got {name!r}")
        self.name = name
        self.norbs = norbs
        if name == "square":
            lattice = kwant.lattice.square(a=1, norbs=norbs, name="")
        elif name == "cubic":
            lattice = kwant.lattice.cubic(a=1, norbs=norbs, name="")
        else:
            lattice = kwant.lattice.honeycomb(a=1, norbs=norbs, name="")
        self.kwant_lattice = lattice
        self.families = list(getattr(lattice, "sublattices", [lattice]))
        self.family_index = {family: k for k, family in enumerate(self.families)}
        self.dimension = len(self.families[0].prim_vecs[0])
        self.band_offset = _OFFSET[name]
        self.band = _BAND[name]
        self.prim_vecs = np.array(self.families[0].prim_vecs, dtype=float)
        self.offsets = np.array([f.offset for f in self.families], dtype=float)

    def __repr__(self):
        return f"Lattice({self.name!r}, norbs={self.norbs})"

    def __eq__(self, other):
        return isinstance(other, Lattice) and (self.name, self.norbs) == (other.name, other.norbs)

    def __hash__(self):
        return hash((self.name, self.norbs))

    @property
    def multi_sublattice(self):
        """True when the sites of different sublattices can share a tag (honeycomb)."""
        return len(self.families) > 1

    def neighbors(self):
        """Kwant hopping kinds of the nearest-neighbour bonds."""
        return self.kwant_lattice.neighbors()

    def site(self, sublattice, tag):
        """The Kwant site of a sublattice number and an integer tag."""
        return self.families[int(sublattice)](*(int(t) for t in tag))

    def positions(self, sublattice, tags):
        """Real-space positions (lattice constants) of integer tags, shape (n, dimension)."""
        tags = np.asarray(tags, dtype=float).reshape(-1, self.dimension)
        return tags @ self.prim_vecs + self.offsets[np.asarray(sublattice, dtype=np.int64)]

    def sites_in_box(self, lower, upper):
        """Every site whose position lies in the box [lower, upper] (lattice constants).

        Returns
        -------
        sublattice : numpy.ndarray of int, shape (n,)
        tags : numpy.ndarray of int, shape (n, dimension)
        positions : numpy.ndarray of float, shape (n, dimension)
        """
        lower = np.asarray(lower, dtype=float)
        upper = np.asarray(upper, dtype=float)
        corners = np.array(list(itertools.product(*zip(lower, upper))))
        inverse = np.linalg.inv(self.prim_vecs)
        subs, all_tags = [], []
        for k, offset in enumerate(self.offsets):
            coefficients = (corners - offset) @ inverse
            low = np.floor(coefficients.min(axis=0)).astype(np.int64) - 1
            high = np.ceil(coefficients.max(axis=0)).astype(np.int64) + 1
            grids = np.meshgrid(*(np.arange(a, b + 1) for a, b in zip(low, high)),
                                indexing="ij")
            tags = np.column_stack([g.ravel() for g in grids])
            positions = tags @ self.prim_vecs + offset
            inside = np.all((positions >= lower - 1e-9) & (positions <= upper + 1e-9), axis=1)
            subs.append(np.full(int(inside.sum()), k, dtype=np.int64))
            all_tags.append(tags[inside])
        sublattice = np.concatenate(subs)
        tags = np.concatenate(all_tags).astype(np.int64)
        return sublattice, tags, self.positions(sublattice, tags)

    def translation(self, direction):
        """Shortest lattice vector parallel to ``direction`` (pointing the same way).

        Returns
        -------
        coefficients : tuple of int
            The vector in units of the primitive vectors (Kwant's
            ``TranslationalSymmetry`` of a Bravais lattice takes real-space
            vectors; `vector` gives them).
        vector : numpy.ndarray
            The vector in real space.
        """
        direction = np.asarray(direction, dtype=float)
        unit = direction / np.linalg.norm(direction)
        best = None
        for coefficients in itertools.product(range(-6, 7), repeat=self.dimension):
            if not any(coefficients):
                continue
            vector = np.array(coefficients, dtype=float) @ self.prim_vecs
            length = np.linalg.norm(vector)
            if abs(vector @ unit - length) < 1e-9 * length:
                if best is None or length < best[2] - 1e-9:
                    best = (tuple(coefficients), vector, length)
        if best is None:
            raise ValueError(f"no lattice vector of the {self.name} lattice is parallel to the "
                             f"lead direction {tuple(direction)}")
        return best[0], best[1]

    def hash_keys(self, sublattice, tags):
        """Integer keys of the disorder hash: the tags, after the sublattice number if any."""
        tags = np.asarray(tags, dtype=np.int64).reshape(-1, self.dimension)
        if not self.multi_sublattice:
            return tags
        return np.column_stack([np.asarray(sublattice, dtype=np.int64), tags])

    def nearest_neighbour_distance(self):
        """Length of the nearest-neighbour bonds (lattice constants)."""
        return 1.0 / math.sqrt(3.0) if self.name == "honeycomb" else 1.0
