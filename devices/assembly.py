"""Vectorized assembly of a device's scattering-region Hamiltonian.

The same matrix elements as the value functions of `Device` (which Kwant calls
site by site), computed with numpy for all sites and bonds at once, in a
fixed sparsity structure so that a sparse solver can reuse its analysis from
one disorder realization to the next.  `tests/test_fast_paths.py` checks
equality with Kwant's ``hamiltonian_submatrix`` for every device type.
"""

import numpy as np

from . import random_fields, spin as spin_matrices

__all__ = ["HamiltonianAssembler"]

_TWO_PI = 2 * np.pi
_PAULI = np.array([np.asarray(spin_matrices.SIGMA_X), np.asarray(spin_matrices.SIGMA_Y),
                   np.asarray(spin_matrices.SIGMA_Z)], dtype=complex)


class HamiltonianAssembler:
    """Precomputed geometry of a device; `matrix` gives H for any parameters.

    Orbital ordering is Kwant's: site ``i`` of ``device.finalized.sites``
    owns rows ``i * norbs ... i * norbs + norbs - 1``.
    """

    def __init__(self, device, extra_bonds=None):
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
        self.bond_keys = device._bonds[1][self.bond_number]
        self.extra_phase = np.zeros(len(pairs))
        if extra_bonds is not None:
            self._add_bonds(**extra_bonds)
        self.rows, self.cols = self._structure()

    def _add_bonds(self, to_index, from_index, displacement, keys, extra_phase):
        """Bonds that are not in the Kwant graph (e.g. the wrap-around bonds of a torus).

        ``displacement`` is the geometric to - from vector (not the difference of
        the stored positions), ``keys`` feed the disorder hash (they must not
        collide with the canonical keys of the graph's bonds), ``extra_phase``
        is added to the Peierls phase of each bond (a boundary twist).
        """
        to_index = np.asarray(to_index, dtype=np.int64)
        displacement = np.asarray(displacement, dtype=float)
        self.to_index = np.concatenate([self.to_index, to_index])
        self.from_index = np.concatenate([self.from_index, np.asarray(from_index, np.int64)])
        self.orientation = np.concatenate([self.orientation, np.ones(len(to_index))])
        self.displacement = np.concatenate([self.displacement, displacement])
        # The image of the from-site sits at to - displacement: the gauge is translation
        # invariant along the displacement, so the midpoint of the image bond is what counts.
        self.midpoint = np.concatenate([self.midpoint,
                                        self.positions[to_index] - 0.5 * displacement])
        self.gauge_difference = np.concatenate([self.gauge_difference, np.zeros(len(to_index))])
        self.winding = np.concatenate([self.winding, np.zeros(len(to_index))])
        self.bond_keys = np.concatenate([self.bond_keys, np.asarray(keys, dtype=np.int64)])
        self.extra_phase = np.concatenate([self.extra_phase, np.asarray(extra_phase, float)])

    def _bond_random(self, stream, seed):
        """Uniform [0, 1) numbers of one stream for every bond of the assembler."""
        device = self.device
        n_graph = len(self.bond_number)
        draws = device._random(stream, seed)[self.bond_number]
        if len(self.bond_keys) == n_graph:
            return draws
        return np.concatenate([draws, random_fields.hash_uniform(seed, stream,
                                                                 self.bond_keys[n_graph:])])

    def _bond_su2(self, seed):
        angles, axes = self.device._su2_disorder(seed)
        n_graph = len(self.bond_number)
        angles, axes = angles[self.bond_number], axes[self.bond_number]
        if len(self.bond_keys) == n_graph:
            return angles, axes
        extra_angles, extra_axes = random_fields.haar_su2(seed, self.bond_keys[n_graph:])
        return np.concatenate([angles, extra_angles]), np.concatenate([axes, extra_axes])

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
        phase = self.extra_phase.copy()
        if phi:
            if device.dimension == 2:
                line = -mid[:, 1] * d[:, 0]
            else:
                nx, ny, nz = params["field_direction"]
                line = (-nz * mid[:, 1] + ny * mid[:, 2]) * d[:, 0] - nx * mid[:, 2] * d[:, 1]
            phase = phase + _TWO_PI * phi * (line + self.gauge_difference)
        flux = params.get("flux", 0.0)
        if flux:
            phase = phase + _TWO_PI * flux * self.winding
        if params["random_flux"]:
            u = self._bond_random("random_flux", params["seed"])
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
            angles, axes = self._bond_su2(params["seed"])
            angle = self.orientation * params["so_disorder"] * angles
            axis = axes
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
