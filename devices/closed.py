"""Closed (lead-less) samples: the scattering region of a device as an isolated box.

Level statistics, the Thouless energy, Hartree-Fock and hopping need the
Hamiltonian of a sample without leads.  `ClosedSample` takes any device and
gives its scattering-region Hamiltonian with hard walls, or, for the
rectangular bars (`Wire`, `Film`, `Block`), closed into a ring along the
transport direction x with a boundary twist: psi(x + L) = exp(i twist) psi(x).
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
    periodic : bool
        Close a rectangular bar into a ring along x (periodic boundary with a
        twist); hard walls stay in the transverse directions.  ``False``: hard
        walls everywhere (the open device's scattering region).

    Attributes
    ----------
    positions : numpy.ndarray, shape (n_sites, dimension)
        Site positions in lattice constants (Kwant's site order).
    norbs : int
        Orbitals per site; orbital ``k`` of site ``i`` is row ``i * norbs + k``.
    length : int or None
        Period along x of a periodic sample.

    Examples
    --------
    >>> ring = ClosedSample(devices.Wire(width=10, length=10), periodic=True)
    >>> h = ring.hamiltonian(twist=0.3, disorder=2.0, seed=4)
    """

    def __init__(self, device, periodic=False):
        if periodic not in (True, False):
            raise ValueError(f"periodic must be True or False, got {periodic!r}")
        self.device = device
        self.periodic = periodic
        self.length = None
        extra = {}
        if periodic:
            from .rectangular import Bar
            if not isinstance(device, Bar):
                raise ValueError(f"periodic=True needs a rectangular bar (Wire, Film, Block), "
                                 f"got {type(device).__name__}")
            shape = device.shape
            if shape[0] < 3:
                raise ValueError(f"periodic=True needs a length of at least 3 sites, got {shape[0]}")
            extra = self._wrap_bonds(device, shape)
            self.length = shape[0]
        self._assembler = HamiltonianAssembler(device, **extra)
        self.positions = self._assembler.positions
        self.norbs = self._assembler.norbs
        self.n_sites = self._assembler.n_sites
        self._n_graph_bonds = self._assembler.n_graph_bonds

    @staticmethod
    def _wrap_bonds(device, shape):
        sites = Sites.from_kwant(device.site_lattice, device.finalized.sites)
        tags = sites.tags
        first = np.flatnonzero(tags[:, 0] == 0)
        last = {tuple(tags[i, 1:]): i for i in np.flatnonzero(tags[:, 0] == shape[0] - 1)}
        to_index = first
        from_index = np.array([last[tuple(tags[i, 1:])] for i in first], dtype=np.int64)
        displacement = np.zeros((len(first), device.dimension))
        displacement[:, 0] = 1.0  # from the image of the last column at x = -1 to x = 0

        def take(index):
            return Sites(sites.lattice, sites.sublattice[index], tags[index],
                         positions=sites.positions[index])
        # Hash keys: (first-column tag, last-column tag), so no collision with the graph's
        # (smaller, larger) keys; the rotation is drawn for the direction to <- from.
        keys = np.concatenate([tags[to_index], tags[from_index]], axis=1)
        bonds = Bonds(take(to_index), take(from_index), displacement=displacement, keys=keys,
                      orientation=np.ones(len(first)), extra_phase=np.zeros(len(first)))
        return dict(extra_bonds=bonds, extra_to_index=to_index, extra_from_index=from_index)

    def _params(self, twist, params):
        twist = check_real("twist", twist)
        if twist and not self.periodic:
            raise ValueError("twist needs a periodic sample (ClosedSample(..., periodic=True))")
        solve = self.device.solve_params(**params)
        if self.periodic:
            self._assembler.bonds.extra_phase[self._n_graph_bonds:] = twist
        return solve

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
        # H[to, from] of a wrap bond carries exp(-i twist), its conjugate exp(+i twist).
        wrap = slice(n_onsite + n_graph, n_onsite + n_hop)
        wrap_conj = slice(n_onsite + n_hop + n_graph, None)
        derivative[wrap] = -1j * values[wrap]
        derivative[wrap_conj] = 1j * values[wrap_conj]
        size = self.n_sites * self.norbs
        return scipy.sparse.coo_matrix((derivative, (rows, cols)), shape=(size, size)).tocsr()
