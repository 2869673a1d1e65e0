"""Vectorized assembly of a device's scattering-region Hamiltonian.

The same matrix elements as the value functions of `Device` (which Kwant calls
site by site), computed with numpy for all sites and bonds at once, in a
fixed sparsity structure so that a sparse solver can reuse its analysis from
one disorder realization to the next.  `tests/test_fast_paths.py` checks
equality with Kwant's ``hamiltonian_submatrix`` for every device type.
"""

import numpy as np

from . import spin as spin_matrices

__all__ = ["HamiltonianAssembler"]

_TWO_PI = 2 * np.pi
_PAULI = np.array([np.asarray(spin_matrices.SIGMA_X), np.asarray(spin_matrices.SIGMA_Y),
                   np.asarray(spin_matrices.SIGMA_Z)], dtype=complex)


class HamiltonianAssembler:
    """Precomputed geometry of a device; `matrix` gives H for any parameters.

    Orbital ordering is Kwant's: site ``i`` of ``device.finalized.sites``
    owns rows ``i * norbs ... i * norbs + norbs - 1``.
    """

    def __init__(self, device):
        self.device = device
        fsyst = device.finalized
        self.norbs = device.norbs
        self.n_sites = len(fsyst.sites)
        self.size = self.n_sites * self.norbs
        positions = np.array([site.pos for site in fsyst.sites], dtype=float)
        self.positions = positions
        lookup, _ = device._bonds
        pairs = [(i, j) for i in range(self.n_sites)
                 for j in fsyst.graph.out_neighbors(i) if i < j]
        self.to_index = np.array([p[0] for p in pairs], dtype=np.int64)
        self.from_index = np.array([p[1] for p in pairs], dtype=np.int64)
        numbers, orientations = zip(*(lookup[fsyst.sites[i], fsyst.sites[j]] for i, j in pairs))
        self.bond_number = np.array(numbers, dtype=np.int64)
        self.orientation = np.array(orientations, dtype=float)
        to_pos, from_pos = positions[self.to_index], positions[self.from_index]
        self.displacement = to_pos - from_pos
        self.midpoint = 0.5 * (to_pos + from_pos)
        gauge = np.array([device._gauge_shift(p) for p in positions], dtype=float)
        self.gauge_difference = gauge[self.to_index] - gauge[self.from_index]
        self.winding = np.array([device._aharonov_bohm_winding(to_pos[k], from_pos[k])
                                 for k in range(len(pairs))], dtype=float)
        self.rows, self.cols = self._structure()

    def _structure(self):
        """Fixed (row, col) pattern: on-site blocks, then hoppings i->j and j->i."""
        n = self.norbs
        a, b = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        a, b = a.ravel(), b.ravel()
        sites = np.arange(self.n_sites)
        onsite_rows = (sites[:, None] * n + a).ravel()
        onsite_cols = (sites[:, None] * n + b).ravel()
        hop_rows = (self.to_index[:, None] * n + a).ravel()
        hop_cols = (self.from_index[:, None] * n + b).ravel()
        rows = np.concatenate([onsite_rows, hop_rows, hop_cols])
        cols = np.concatenate([onsite_cols, hop_cols, hop_rows])
        return rows, cols

    def peierls_phase(self, params):
        """Phase of every bond (to <- from), as in `Device._value_functions`."""
        device = self.device
        d, mid = self.displacement, self.midpoint
        phi = params["phi"]
        phase = np.zeros(len(d))
        if phi:
            if device.dimension == 2:
                line = -mid[:, 1] * d[:, 0]
            else:
                nx, ny, nz = params["field_direction"]
                line = (-nz * mid[:, 1] + ny * mid[:, 2]) * d[:, 0] - nx * mid[:, 2] * d[:, 1]
            phase = _TWO_PI * phi * (line + self.gauge_difference)
        flux = params.get("flux", 0.0)
        if flux:
            phase = phase + _TWO_PI * flux * self.winding
        if params["random_flux"]:
            u = device._random("random_flux", params["seed"])[self.bond_number]
            phase = phase + self.orientation * params["random_flux"] * (2 * u - 1)
        return phase

    def values(self, params):
        """Matrix elements in the order of ``(rows, cols)``; ``params`` from `solve_params`."""
        device = self.device
        onsite = np.full(self.n_sites, device.band_offset)
        if params["disorder"]:
            onsite = onsite + params["disorder"] * (device._random("onsite", params["seed"]) - 0.5)
        factor = np.exp(-1j * self.peierls_phase(params))
        if self.norbs == 1:
            hop = -factor
            return np.concatenate([onsite.astype(complex), hop, hop.conj()])
        identity = np.eye(2)
        zeeman = 0.5 * params["zeeman"] * np.tensordot(params["zeeman_direction"], _PAULI, 1)
        onsite_blocks = onsite[:, None, None] * identity + zeeman
        kinetic = np.broadcast_to(identity, (len(factor), 2, 2)).astype(complex)
        if params["so_disorder"]:
            angles, axes = device._su2_disorder(params["seed"])
            angle = self.orientation * params["so_disorder"] * angles[self.bond_number]
            axis = axes[self.bond_number]
            kinetic = (np.cos(angle)[:, None, None] * identity
                       + 1j * np.sin(angle)[:, None, None]
                       * np.einsum("bk,kij->bij", axis, _PAULI))
        d = self.displacement
        rashba = 1j * params["rashba"] * (d[:, 1, None, None] * _PAULI[0]
                                          - d[:, 0, None, None] * _PAULI[1])
        hop = factor[:, None, None] * (-kinetic + rashba)
        return np.concatenate([onsite_blocks.ravel(), hop.ravel(),
                               hop.conj().ravel()])  # (j, i) entries: conj of (i, j)

    def matrix(self, params):
        """H as a scipy.sparse COO matrix with the fixed structure (duplicates not summed)."""
        import scipy.sparse
        return scipy.sparse.coo_matrix((self.values(params), (self.rows, self.cols)),
                                       shape=(self.size, self.size))
