"""Closed (lead-less) samples: the scattering region of a device as an isolated box.

Level statistics, the Thouless energy, Hartree-Fock and hopping need the
Hamiltonian of a sample without leads.  `ClosedSample` takes any device and
gives its scattering-region Hamiltonian with hard walls, or, for the
rectangular bars (`Wire`, `Film`, `Block`), closed into a ring along the
transport direction x with a boundary twist: psi(x + L) = exp(i twist) psi(x),
or into a torus (periodic along x and y; a slab stays bounded along z).
The disorder of the bulk is that of the open device for the same seed; the
wrap-around bonds draw their random phases or rotations from the same
counter-based hash, keyed by their own end sites.
"""

import numpy as np
import scipy.sparse

from .assembly import HamiltonianAssembler
from .model import Bonds, Sites
from .validation import check_real

__all__ = ["ClosedSample"]


class ClosedSample:
    """The scattering region of ``device`` without leads.

    Parameters
    ----------
    device : devices.Device
    periodic : {False, True, "xy"}
        ``True``: close a rectangular bar into a ring along x (periodic boundary
        with a twist); hard walls stay in the transverse directions.  ``"xy"``:
        periodic along y as well (a torus: a bulk sample without edges; the twist
        stays along x; a field needs phi x width to be an integer in 2D).
        ``False``: hard walls everywhere (the open device's scattering region).

    Attributes
    ----------
    positions : numpy.ndarray, shape (n_sites, dimension)
        Site positions in lattice constants (Kwant's site order).
    norbs : int
        Orbitals per site; orbital ``k`` of site ``i`` is row ``i * norbs + k``.
    length : int or None
        Period along x of a periodic sample.
    periods : tuple
        Period (a) along each axis, None where the sample has walls.

    Examples
    --------
    >>> ring = ClosedSample(devices.Wire(width=10, length=10), periodic=True)
    >>> h = ring.hamiltonian(twist=0.3, disorder=2.0, seed=4)
    """

    def __init__(self, device, periodic=False):
        if not any(periodic is value for value in (True, False)) and periodic != "xy":
            raise ValueError(f"periodic must be True, False or 'xy', got {periodic!r}")
        self.device = device
        self.periodic = periodic
        self.length = None
        self.periods = (None,) * device.dimension
        extra = {}
        self._n_twisted = 0
        if periodic:
            from .rectangular import Bar
            if not isinstance(device, Bar):
                raise ValueError(f"periodic={periodic!r} needs a rectangular bar (Wire, Film, "
                                 f"Block), got {type(device).__name__}")
            shape = device.shape
            axes = (0, 1) if periodic == "xy" else (0,)
            for axis in axes:
                if shape[axis] < 3:
                    raise ValueError(f"periodic={periodic!r} needs at least 3 sites along "
                                     f"{'xy'[axis]}, got {shape[axis]}")
            extra, self._n_twisted = self._wrap_bonds(device, shape, axes)
            self.length = shape[0]
            self.periods = tuple(float(shape[k]) if k in axes else None
                                 for k in range(device.dimension))
        self._assembler = HamiltonianAssembler(device, **extra)
        self.positions = self._assembler.positions
        self.norbs = self._assembler.norbs
        self.n_sites = self._assembler.n_sites
        self._n_graph_bonds = self._assembler.n_graph_bonds

    @staticmethod
    def _wrap_bonds(device, shape, axes):
        """Wrap-around bonds along ``axes`` (x first: its bonds carry the twist) and their
        number along x."""
        sites = Sites.from_kwant(device.site_lattice, device.finalized.sites)
        tags = sites.tags
        to_parts, from_parts, displacements = [], [], []
        for axis in axes:
            others = [k for k in range(tags.shape[1]) if k != axis]
            first = np.flatnonzero(tags[:, axis] == 0)
            last = {tuple(tags[i, others]): i
                    for i in np.flatnonzero(tags[:, axis] == shape[axis] - 1)}
            to_parts.append(first)
            from_parts.append(np.array([last[tuple(tags[i, others])] for i in first],
                                       dtype=np.int64))
            displacement = np.zeros((len(first), device.dimension))
            displacement[:, axis] = 1.0  # from the image of the last layer at -1 to 0
            displacements.append(displacement)
        to_index, from_index = np.concatenate(to_parts), np.concatenate(from_parts)
        displacement = np.concatenate(displacements)

        def take(index):
            return Sites(sites.lattice, sites.sublattice[index], tags[index],
                         positions=sites.positions[index])
        # Hash keys: (first-column tag, last-column tag), so no collision with the graph's
        # (smaller, larger) keys; the rotation is drawn for the direction to <- from.
        keys = np.concatenate([tags[to_index], tags[from_index]], axis=1)
        bonds = Bonds(take(to_index), take(from_index), displacement=displacement, keys=keys,
                      orientation=np.ones(len(to_index)), extra_phase=np.zeros(len(to_index)))
        return (dict(extra_bonds=bonds, extra_to_index=to_index, extra_from_index=from_index),
                len(to_parts[0]))

    def _params(self, twist, params):
        twist = check_real("twist", twist)
        if twist and not self.periodic:
            raise ValueError("twist needs a periodic sample (ClosedSample(..., periodic=True))")
        solve = self.device.solve_params(**params)
        if self.periodic == "xy":
            self._check_torus_flux(solve)
        if self.periodic:
            twisted = slice(self._n_graph_bonds, self._n_graph_bonds + self._n_twisted)
            self._assembler.bonds.extra_phase[twisted] = twist
        return solve

    def _check_torus_flux(self, solve):
        """A torus holds a whole number of flux quanta in the Landau gauge A = (-B y, 0)."""
        phi = solve.get("phi", 0.0)
        if not phi:
            return
        width = self.periods[1]
        if self.device.dimension != 2:
            raise ValueError("phi on a torus (periodic='xy') needs a 2D sample")
        if abs(phi * width - round(phi * width)) > 1e-9:
            raise ValueError(f"phi = {phi:g} on a torus of width {width:g} needs phi x width to "
                             f"be an integer (whole flux quanta through each column), got "
                             f"{phi * width:g}")

    def hamiltonian(self, twist=0.0, **params):
        """Sparse Hamiltonian (CSR, t, energies from the band bottom).

        Parameters
        ----------
        twist : float
            Boundary twist in rad (periodic samples only): the phase a state
            picks up going once around x, i.e. a flux twist/2pi h/e through the ring.
        **params
            Solve-time parameters of the device (``disorder``, ``seed``, ``phi``, ...).
        """
        solve = self._params(twist, params)
        return self._assembler.matrix(solve).tocsr()

    def twist_derivative(self, twist=0.0, **params):
        """dH/d(twist) (CSR): the current operator across the boundary, times -hbar/e."""
        solve = self._params(twist, params)
        values = self._assembler.values(solve)
        rows, cols = self._assembler.rows, self._assembler.cols
        derivative = np.zeros_like(values)
        n_hop = len(self._assembler.to_index) * self.norbs**2
        n_onsite = len(values) - 2 * n_hop
        n_graph = self._n_graph_bonds * self.norbs**2
        # H[to, from] of an x-wrap bond carries exp(-i twist), its conjugate exp(+i twist).
        n_twisted = self._n_twisted * self.norbs**2
        wrap = slice(n_onsite + n_graph, n_onsite + n_graph + n_twisted)
        wrap_conj = slice(n_onsite + n_hop + n_graph, n_onsite + n_hop + n_graph + n_twisted)
        derivative[wrap] = -1j * values[wrap]
        derivative[wrap_conj] = 1j * values[wrap_conj]
        size = self.n_sites * self.norbs
        return scipy.sparse.coo_matrix((derivative, (rows, cols)), shape=(size, size)).tocsr()
