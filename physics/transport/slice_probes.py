"""Buttiker probes on two-terminal bars: slice recursions and an iterative probe solve.

The probe equations (docs/theory/dephasing.md#buttiker-probes) need the
transmissions ``T_ij = Tr[Gamma_i G Gamma_j G^dagger]`` between every pair of
probes: a dense N_p x N_p matrix that the exact elimination
(`physics.dephasing.DephasingSolver`) forms and factorizes, O(N_p^3).  On a bar
of equal slices (`SliceGreensSolver`) this module never forms it.  It only
*applies* it: for probe voltages x,

    sum_j T_ij x_j = Tr[Gamma_i (G X G^dagger)_ii],   X = diag(2 eta x),

and the diagonal blocks of ``G X G^dagger`` for a block-diagonal X follow from
one left-to-right and one right-to-left recursion over the slices (the
recursive Green's function of the lesser function, Lake et al., J. Appl. Phys.
81, 7845 (1997)): O(n_slices m^3) per application, about a coherent solve.  The
floating-probe condition ``W V = b`` (W = D - T_PP: a diagonally dominant
M-matrix, non-symmetric in a field) is solved by GMRES with the Jacobi
preconditioner to a relative residual of `PROBE_PRECISION`.  Its iterations
grow with the number of slow diffusion modes, ~ L W / (pi L_phi)^2, not with the
number of probes.

Units: eta in t, conductance in e^2/h.
"""

import numpy as np
import scipy.sparse.linalg

from .probe_layout import check_dephasing, probe_sites
from .solvers import SliceGreensSolver, coupling_adjoint, coupling_sandwich, orbital_indices

__all__ = ["SliceDephasingSolver", "PROBE_PRECISION", "MAX_ITERATIONS"]

#: Relative residual ``|W V - b| / |b|`` at which GMRES stops.  Measured on wires and
#: films: the conductance is then within ~1e-13 of the exact elimination (relative).
PROBE_PRECISION = 1e-13
#: GMRES iterations (applications of the probe matrix) before giving up.
MAX_ITERATIONS = 2000


class SliceDephasingSolver(SliceGreensSolver):
    """Two-terminal bars with Buttiker voltage probes, without the dense probe matrix.

    Same physics, parameters and results (to `PROBE_PRECISION`) as
    `physics.dephasing.DephasingSolver`; applies where `SliceGreensSolver` does.

    Parameters
    ----------
    device : devices.Device
    probes : 'all', 'checkerboard', 'grid:N' or array_like of int or bool
        Sites that carry a probe (`physics.transport.probe_layout.probe_sites`).
    """

    def __init__(self, device, probes="all"):
        super().__init__(device)
        self.probe_sites = probe_sites(self.assembler.tags, probes)
        #: Fraction of the sites that carry a probe: tau_phi = hbar / (2 eta fraction).
        self.probe_fraction = self.probe_sites.size / self.assembler.n_sites
        orbitals = orbital_indices(self.probe_sites, self.norbs)
        self._probe_slice = self.slice_of_orbital[orbitals]
        self._probe_local = self.local_orbital[orbitals]
        #: GMRES iterations of the last solve.
        self.iterations = 0

    # The retarded Green's function: slices ---------------------------------------

    def green_slices(self, energy, params, dephasing):
        """Left-connected, right-connected and full diagonal blocks of G with the probes on.

        Returns
        -------
        dict
            ``left``, ``right``, ``full``: the left-connected, right-connected and full
            diagonal blocks, (n_slices, m, m) each, with their conjugate transposes
            (``*_h``) and ``full_conj``; ``couplings`` (`_CouplingStack`) and the
            ``broadenings`` of the two leads.
        """
        blocks, couplings, broadenings = self.slice_system(energy, params)
        # -Sigma_probe = +i eta on every probe orbital.
        blocks[self._probe_slice, self._probe_local, self._probe_local] += 1j * dephasing
        n = self.n_slices
        forward = _CouplingStack(couplings, n)
        left, right, full = (np.empty_like(blocks) for _ in range(3))
        left_self = np.zeros_like(blocks)
        left[0] = np.linalg.inv(blocks[0])
        for s in range(1, n):
            left_self[s] = forward.to_right(s - 1, left[s - 1])
            left[s] = np.linalg.inv(blocks[s] - left_self[s])
        right[n - 1] = np.linalg.inv(blocks[n - 1])
        full[n - 1] = left[n - 1]
        for s in range(n - 2, -1, -1):
            blocks[s] -= forward.to_left(s, right[s + 1])
            right[s] = np.linalg.inv(blocks[s])
            full[s] = np.linalg.inv(blocks[s] - left_self[s])
        hermitian = {f"{k}_h": np.ascontiguousarray(np.swapaxes(v.conj(), 1, 2))
                     for k, v in (("left", left), ("right", right), ("full", full))}
        return dict(left=left, right=right, full=full, full_conj=full.conj(),
                    couplings=forward, broadenings=broadenings, **hermitian)

    def lesser_diagonal(self, slices, sources, first_block=None, last_block=None):
        """Diagonal of ``G X G^dagger`` and its lead traces, for a block-diagonal X.

        Parameters
        ----------
        slices : dict
            From `green_slices`.
        sources : numpy.ndarray, shape (n_slices, m)
            The diagonal of X, slice by slice.
        first_block, last_block : numpy.ndarray, shape (m, m), optional
            Hermitian blocks added to X on the first and last slice (e.g. ``Gamma_0``,
            ``Gamma_1``).

        Returns
        -------
        diagonal : numpy.ndarray, shape (n_slices, m)
            ``(G X G^dagger)_aa`` (real).
        into_leads : tuple of float
            ``Tr[Gamma_0 (G X G^dagger)_first]`` and ``Tr[Gamma_1 (G X G^dagger)_last]``.
        """
        left, right, full = slices["left"], slices["right"], slices["full"]
        left_h, right_h = slices["left_h"], slices["right_h"]
        couplings = slices["couplings"]
        n, m = self.n_slices, self.m

        def own(s, block):
            """X_s added to ``block`` (None: zero)."""
            block = np.zeros((m, m), dtype=complex) if block is None else block
            if s == 0 and first_block is not None:
                block = block + first_block
            if s == n - 1 and last_block is not None:
                block = block + last_block
            block.reshape(-1)[::m + 1] += sources[s]
            return block

        # Left-connected: f_s = gL_s (X_s + U f_{s-1} U^dagger) gL_s^dagger.  (Measured:
        # the two sweeps side by side in batched products are no faster, the products
        # of m ~ 40 matrices being compute bound already.)
        left_lesser = np.empty_like(left)
        for s in range(n):
            block = own(s, couplings.to_right(s - 1, left_lesser[s - 1]) if s else None)
            np.matmul(left[s] @ block, left_h[s], out=left_lesser[s])
        # Right-connected likewise; the full block takes both sides' lesser self-energies.
        total = np.empty_like(left)
        right_lesser = None
        for s in range(n - 1, -1, -1):
            block = own(s, couplings.to_left(s, right_lesser) if s < n - 1 else None)
            if s > 0:
                right_lesser = right[s] @ block @ right_h[s]
                block += couplings.to_right(s - 1, left_lesser[s - 1])
            total[s] = block
        product = full @ total
        values = np.real(np.sum(product * slices["full_conj"], axis=2))
        gamma_0, gamma_1 = slices["broadenings"]
        first = product[0] @ slices["full_h"][0]
        last = product[n - 1] @ slices["full_h"][n - 1]
        into = (float(np.real(np.sum(gamma_0 * first.T))),
                float(np.real(np.sum(gamma_1 * last.T))))
        return values, into

    # The probe equations ------------------------------------------------------

    def _site_sums(self, orbital_values):
        return orbital_values.reshape(-1, self.norbs).sum(axis=1)

    def _sources(self, probe_values):
        sources = np.zeros((self.n_slices, self.m))
        sources[self._probe_slice, self._probe_local] = np.repeat(probe_values, self.norbs)
        return sources

    def conductance_matrix(self, energy, params, dephasing):
        """2 x 2 conductance matrix (e^2/h, I = G V) with every probe floating.

        ``[[a, -a], [-g, g]]``: g the transmission into lead 1, a out of lead 0
        (equal by current conservation, to `PROBE_PRECISION`).
        """
        eta = check_dephasing(dephasing)
        if eta == 0:
            total = self.transmission(energy, params)
            return np.array([[total, -total], [-total, total]])
        if any(c.shape[1] == 0 for c in self.leads(energy, params)[2]):
            return np.zeros((2, 2))
        slices = self.green_slices(energy, params, eta)
        # Lead 0 at V = 1, lead 1 and the probe voltages at 0: coherent part and b.
        from_lead, (_, coherent) = self.lesser_diagonal(
            slices, np.zeros((self.n_slices, self.m)), slices["broadenings"][0])
        rhs = self._site_sums(from_lead[self._probe_slice, self._probe_local])  # T_i0 / 2 eta
        full = slices["full"]
        diagonal = full[self._probe_slice, self._probe_local, self._probe_local]
        spectral = self._site_sums(-2 * diagonal.imag)  # Tr[A_ii]: W_ii + T_ii over 2 eta
        jacobi = spectral - 2 * eta * self._self_transmissions(full)

        def apply(voltages):
            values, _ = self.lesser_diagonal(slices, self._sources(2 * eta * voltages))
            return spectral * voltages - self._site_sums(values[self._probe_slice,
                                                                self._probe_local])

        size = rhs.size
        operator = scipy.sparse.linalg.LinearOperator((size, size), matvec=apply, dtype=float)
        preconditioner = scipy.sparse.linalg.LinearOperator(
            (size, size), matvec=lambda v: v / jacobi, dtype=float)
        counter = []
        restart = min(size, 200, MAX_ITERATIONS)  # Krylov vectors kept (size x restart)
        voltages, info = scipy.sparse.linalg.gmres(
            operator, rhs, x0=rhs / jacobi, rtol=PROBE_PRECISION, atol=0.0,
            restart=restart, maxiter=max(1, MAX_ITERATIONS // restart), M=preconditioner,
            callback=counter.append, callback_type="pr_norm")
        self.iterations = len(counter)
        if info != 0:
            raise RuntimeError(f"the probe equations did not converge in {MAX_ITERATIONS} "
                               f"GMRES iterations")
        _, (into_0, into_1) = self.lesser_diagonal(slices, self._sources(2 * eta * voltages))
        conductance = coherent + into_1
        out_of_0 = coherent + 2 * eta * rhs.sum() - into_0
        return np.array([[out_of_0, -out_of_0], [-conductance, conductance]])

    def _self_transmissions(self, full):
        """``sum_{a, b in site i} |G_ab|^2`` for every probe site i (its own T_ii / (2 eta)^2)."""
        norbs = self.norbs
        slice_index = self._probe_slice.reshape(-1, norbs)
        local = self._probe_local.reshape(-1, norbs)
        block = full[slice_index[:, :, None], local[:, :, None], local[:, None, :]]
        return np.sum(np.abs(block) ** 2, axis=(1, 2))


class _CouplingStack:
    """The couplings ``U_s`` between slices s and s + 1, applied as ``U M U^dagger``
    (`to_right`) and ``U^dagger M U`` (`to_left`); with one orbital per site the phase
    matrices ``u u^*`` are formed once per solve."""

    def __init__(self, couplings, n_slices):
        self.couplings = couplings
        self.phases = None
        if couplings.ndim == 2 and n_slices > 1:
            self.phases = couplings[:, :, None] * couplings.conj()[:, None, :]

    def to_right(self, s, matrix):
        if self.phases is not None:
            return matrix * self.phases[s]
        return coupling_sandwich(self.couplings[s], matrix)

    def to_left(self, s, matrix):
        if self.phases is not None:
            return matrix * self.phases[s].conj()
        return coupling_sandwich(coupling_adjoint(self.couplings[s]), matrix)
