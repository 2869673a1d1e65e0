"""Fast two- and multi-terminal solvers built on Green's functions.

Kwant's general path evaluates Python value functions site by site and
recomputes the lead modes at every call.  For ensembles (thousands of
realizations of one device) this module instead

* assembles H with numpy (`devices.assembly`), in a fixed sparsity pattern;
* caches the lead self-energies (leads are clean: they depend on the energy
  and the lead parameters, never on the disorder);
* either factorizes ``E - H - Sigma`` with MUMPS, reusing the symbolic
  analysis (AMF ordering) across realizations (`SparseGreensSolver`, any
  device), or runs a recursive Green's function over the slices of a
  two-terminal bar (`SliceGreensSolver`: Wire, Film, Block with a modest
  cross-section; for the transmission sum through wide one-orbital slices, in
  linear-fractional form with an inverse every few slices only).

Transport follows from the Fisher-Lee relation:
``T_pq = Tr[Gamma_p G_pq Gamma_q G_pq^dagger]`` with
``Gamma = i (Sigma - Sigma^dagger)``; the transmission eigenvalues are the
non-zero eigenvalues of ``Gamma_0^1/2 G_10^dagger Gamma_1 G_10 Gamma_0^1/2``.
`tests/test_fast_paths.py` checks both solvers against ``kwant.smatrix``.
"""

import numpy as np
from scipy.linalg import lapack

from ..cache import per_device
from .mumps import SparseLU

__all__ = ["solver_for", "sparse_solver", "slice_solver", "check_model", "orbital_indices",
           "SparseGreensSolver", "SliceGreensSolver", "coupling_sandwich", "coupling_adjoint"]

#: Largest slice (orbitals) for which the slice recursion beats sparse LU
#: (measured here: MUMPS wins for 2D strips wider than about 100 sites; in 3D
#: nested dissection has large separators and the recursion wins up to 16x16) ...
SLICE_LIMIT = {2: 96, 3: 512}
#: ... and with one orbital per site, where the transmission sum uses the
#: linear-fractional recursion (2D: 2x faster than MUMPS at W = 160, 1.3x at 240,
#: slower at 320; 3D unchanged).
FRACTIONAL_SLICE_LIMIT = {2: 256, 3: 512}
#: Memory budget (bytes) of the per-solver cache of lead self-energies, one entry per energy
#: and lead parameters (at least 64 entries are kept).
LEAD_CACHE_BYTES = 256 * 2**20
#: MUMPS ordering: deterministic (unlike Scotch, which keeps a random state),
#: and the fastest factorization of those measured on strips and rings here.
ORDERING = "amd"
#: ... except where another deterministic ordering is measurably faster: METIS on the
#: honeycomb lattice (zigzag ribbon 30 x 80: 15 ms per sample against 20 ms with AMD).
ORDERING_BY_LATTICE = {"honeycomb": "metis"}
#: Spatial dimensions in which the sparse solver takes G between the leads from MUMPS's
#: selected inversion (`mumps.SparseLU.inverse_block`: only the interface block, both
#: substitutions pruned) instead of a dense solve with the lead-0 channels: measured here,
#: 1.2x (ring, graphene ribbon) to 2x (160 x 80 film; 3.5x with spin) faster in 2D, 1.4x
#: slower on a 30 x 30 x 6 film (3D interfaces are a larger part of the system).
SELECTED_INVERSION_DIMENSIONS = (2,)
#: Slices of at least this many orbitals are inverted by 2x2 blocks (measured:
#: 1.5x faster at 80, none at 64) ...
BLOCK_INVERSE_MIN_SIZE = 72
#: ... unless the leading block's inverse has an element whose real or imaginary part is
#: larger than this.
BLOCK_INVERSE_MAX_ELEMENT = 30.0
#: Relative precision the slice solver's transmission sum must reach without the
#: per-slice propagator (`SliceGreensSolver.two_terminal`).
PRECISION = 1e-11
#: After a localized sample the next one is solved with the propagator first; its bound
#: decides when it is beyond `PRECISION` by this relative margin, else the fractional
#: recursion's bound decides (`SliceGreensSolver.two_terminal`).
FLAG_MARGIN = 1e-3
#: One-orbital slices of at least this many sites use the linear-fractional recursion
#: (`SliceGreensSolver._fractional_recursion`: an inverse every few slices instead of
#: every slice) when no propagator is needed.
FRACTIONAL_MIN_SIZE = 40
#: ... which forms ``P Q^-1`` again after this many slices, or sooner when ``|Q|_F``
#: exceeds `FRACTIONAL_GROWTH` ``sqrt(m)``.  Measured: the sums it returns (samples the
#: `PRECISION` bound does not send to the propagator) are within 2e-11 of the propagator's
#: T relative to T (288 wires W = 40-160, disorder 1-4 t), i.e. up to ~2x the bound,
#: which is met by the direct recursion with a wide margin (~1e-13).
FRACTIONAL_MAX_STEPS = 4
FRACTIONAL_GROWTH = 30.0

def solver_for(device):
    """The fast solver for ``device`` (built once per device value, `physics.cache`)."""
    return per_device(device, "fast_solver", lambda: SliceGreensSolver(device)
                      if SliceGreensSolver.applies(device) else SparseGreensSolver(device))


def sparse_solver(device):
    """The sparse (MUMPS) Green's-function solver of ``device``, whatever `solver_for` picks."""
    return per_device(device, "sparse_solver", lambda: SparseGreensSolver(device))


def slice_solver(device):
    """The slice-recursion solver of ``device`` (`SliceGreensSolver.applies` must hold)."""
    return per_device(device, "slice_solver", lambda: SliceGreensSolver(device))


def check_model(device):
    """Once per device: the assembled Hamiltonian equals Kwant's (`devices.assembly.check_against_kwant`).

    Both evaluate the device's one model, so they differ only when the Kwant
    system has terms the model does not (a builder changed by hand) or the
    assembly is broken; then a `devices.ModelMismatchError` names the device.
    A system from `devices.from_kwant` *is* Kwant's Hamiltonian: nothing to check.
    """
    from devices.assembly import check_against_kwant
    if not hasattr(device, "onsite"):
        return
    per_device(device, "model_checked",
               lambda: check_against_kwant(device, device.assembly.matrix) or True)


def _hashable(value):
    if isinstance(value, np.ndarray):
        return (value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def orbital_indices(site_indices, norbs):
    """Kwant's orbital indices of ``site_indices`` (sites with ``norbs`` orbitals each)."""
    site_indices = np.asarray(site_indices, dtype=np.int64)
    return (site_indices[:, None] * norbs + np.arange(norbs)).ravel()


def _broadening(sigma):
    return 1j * (sigma - sigma.conj().T)


def _psd_sqrt(matrix):
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.conj().T


class _GreensSolver:
    """Common part: Hamiltonian assembly and cached lead quantities."""

    def __init__(self, device):
        self.device = device
        self.assembler = device.assembly
        check_model(device)
        self.fsyst = device.finalized
        self.norbs = device.norbs
        self.interfaces = [orbital_indices(sites, self.norbs) for sites in self.fsyst.lead_interfaces]
        # Lead self-energies depend on the energy and these parameters only (leads are clean).
        self._lead_names = [n for n, spec in device.parameter_specs.items() if spec.lead]
        self._lead_cache = {}
        self._lead_cache_size = 64

    def leads(self, energy, params):
        """Self-energies, broadenings and open-mode counts of all leads (cached)."""
        key = (energy,) + tuple(_hashable(params[n]) for n in self._lead_names)
        if key not in self._lead_cache:
            if len(self._lead_cache) >= self._lead_cache_size:
                del self._lead_cache[next(iter(self._lead_cache))]  # the oldest energy
            sigmas, gammas, channels = [], [], []
            for lead in self.fsyst.leads:
                # One mode calculation gives both (Kwant's selfenergy() would redo it).
                propagating, stabilized = lead.modes(energy, params=params)
                sigma = np.asarray(stabilized.selfenergy())
                n_open = propagating.momenta.size // 2
                gamma = _broadening(sigma)
                # Gamma = W W^dagger with W of rank n_open: the open channels.
                values, vectors = np.linalg.eigh(gamma)
                keep = np.argsort(values)[::-1][:n_open]
                sigmas.append(sigma)
                gammas.append(gamma)
                channels.append(vectors[:, keep] * np.sqrt(np.clip(values[keep], 0, None)))
            self._lead_cache[key] = (sigmas, gammas, channels)
            if len(self._lead_cache) == 1:
                # Enough entries for a thermal average (~170 energies) at every sweep point
                # of an ensemble, within a fixed memory budget.
                size = sum(a.nbytes for group in (sigmas, gammas, channels) for a in group)
                self._lead_cache_size = int(np.clip(LEAD_CACHE_BYTES // max(size, 1), 64, 4096))
        return self._lead_cache[key]

    # Results -------------------------------------------------------------

    def transmission_amplitudes(self, energy, params):
        """``Gamma_1^{1/2}``-free amplitude matrix ``G_10 W_0`` and lead-1 broadening."""
        _, gammas, channels = self.leads(energy, params)
        return self.green_10(energy, params, channels[0]), gammas[1]

    def transmission(self, energy, params):
        """Two-terminal transmission sum_n T_n from lead 0 to lead 1."""
        return self.two_terminal(energy, params)[0]

    def transmission_eigenvalues(self, energy, params):
        """Eigenvalues of t^dagger t, descending (as many as open modes in lead 0)."""
        return self.two_terminal(energy, params, eigenvalues=True)[1]

    def two_terminal(self, energy, params, eigenvalues=False):
        """``(sum_n T_n, eigenvalues or None)`` from a single solve."""
        amplitude, gamma = self.transmission_amplitudes(energy, params)
        # Tr[a^dagger Gamma a] without einsum's per-call path optimization (~0.4 ms).
        total = float(np.real(np.sum(amplitude.conj() * (gamma @ amplitude))))
        if not eigenvalues:
            return total, None
        m = amplitude.conj().T @ gamma @ amplitude
        return total, np.linalg.eigvalsh(0.5 * (m + m.conj().T))[::-1]


class SparseGreensSolver(_GreensSolver):
    """Any device: sparse LU of ``E - H - Sigma`` with MUMPS, analysis reused."""

    def __init__(self, device):
        super().__init__(device)
        self.rows = self.cols = None  # the structure, known after the first assembly
        self.diagonal = self.assembler.diagonal
        self.rhs_orbitals = np.concatenate(self.interfaces)
        lattice = getattr(device, "site_lattice", None)
        self.lu = SparseLU(ORDERING_BY_LATTICE.get(getattr(lattice, "name", None), ORDERING))
        self.selected_inversion = device.dimension in SELECTED_INVERSION_DIMENSIONS

    def _structure(self):
        a = self.assembler
        extra_rows, extra_cols = [], []
        for orbitals in self.interfaces:
            extra_rows.append(np.repeat(orbitals, orbitals.size))
            extra_cols.append(np.tile(orbitals, orbitals.size))
        self.rows = np.concatenate([a.rows] + extra_rows)
        self.cols = np.concatenate([a.cols] + extra_cols)

    def factorize(self, energy, params, extra_diagonal=None):
        """The LU factorization of ``E - H - Sigma`` (`mumps.SparseLU`, analysis reused).

        ``extra_diagonal``: ``(positions in the assembler's value array, values)``
        added to the matrix (e.g. ``+i eta`` of Buttiker probes).
        """
        import scipy.sparse
        sigmas, _, _ = self.leads(energy, params)
        values = -self.assembler.values(params)
        if self.rows is None:
            self._structure()
        values[self.diagonal] += energy
        if extra_diagonal is not None:
            values[extra_diagonal[0]] += extra_diagonal[1]
        data = np.concatenate([values] + [-s.ravel() for s in sigmas])
        size = self.assembler.size
        matrix = scipy.sparse.coo_matrix((data, (self.rows, self.cols)), shape=(size, size))
        return self.lu.factor(matrix)

    def _solve(self, energy, params, rhs_rows, rhs_values):
        """Factorize E - H - Sigma and return the solution at all interfaces."""
        lu = self.factorize(energy, params)
        rhs = np.zeros((self.assembler.size, rhs_values.shape[1]), dtype=complex, order="F")
        rhs[rhs_rows] = rhs_values
        return lu.solve(rhs)[self.rhs_orbitals]

    def green_10(self, energy, params, source_vectors):
        """``G_10 @ source_vectors`` (source vectors on the lead-0 interface).

        From the interface block of G (`SELECTED_INVERSION_DIMENSIONS`) or from one
        solve with the source vectors as right-hand sides.
        """
        if self.selected_inversion:
            first, second = self._blocks()[:2]
            return self._green_columns(energy, params)[second, first] @ source_vectors
        solution = self._solve(energy, params, self.interfaces[0], source_vectors)
        return solution[self._blocks()[1]]

    def _green_columns(self, energy, params):
        """G restricted to (all interface orbitals) x (all interface orbitals)."""
        return self.factorize(energy, params).inverse_block(self.rhs_orbitals)

    def _blocks(self):
        bounds = np.cumsum([0] + [o.size for o in self.interfaces])
        return [slice(bounds[k], bounds[k + 1]) for k in range(len(self.interfaces))]

    def conductance_matrix(self, energy, params):
        """Multi-terminal G (e^2/h), I = G V, from T_pq = Tr[Gamma_p G_pq Gamma_q G_pq^+]."""
        _, gammas, _ = self.leads(energy, params)
        n = len(self.interfaces)
        g = self._green_columns(energy, params)
        transmission = _lead_transmissions(g, gammas, self._blocks())
        conductance = -transmission
        conductance[np.diag_indices(n)] = transmission.sum(axis=0)
        return conductance


def _bar_cross_section(device):
    """Sites per slice when the device is a stack of equal slices along x with a lead on
    (part of) each end slice (what the slice recursion needs), else None."""
    geometry = getattr(device, "geometry", None)
    if geometry is None or not hasattr(device, "site_lattice") or \
            device.site_lattice.name not in ("square", "cubic") or len(geometry.leads) != 2:
        return None
    directions = sorted(float(lead.direction[0]) for lead in geometry.leads)
    if directions != [-1.0, 1.0] or np.any(np.abs([lead.direction[1:] for lead in geometry.leads]) > 0):
        return None
    tags = geometry.tags
    x = tags[:, 0]
    columns = np.unique(x)
    if columns.size != x.max() - x.min() + 1:
        return None
    first = {tuple(t) for t in tags[x == columns[0], 1:]}
    count = len(first)
    if np.any(np.bincount(x - x.min()) != count):
        return None
    transverse = {tuple(t[1:]) for t in tags}
    if transverse != first:
        return None
    for lead in geometry.leads:  # a lead may cover part of the end slice (a cavity's contacts)
        if not {tuple(t) for t in lead.cell_tags[:, 1:]} <= first:
            return None
    return count


def _lead_transmissions(g, gammas, blocks):
    """``T_pq = Tr[Gamma_p G_pq Gamma_q G_pq^dagger]`` (p != q) for G on the lead interfaces.

    With ``A_p = Gamma_p G_p:`` and ``B_q = G_:q Gamma_q``, ``T_pq = Re sum(A_p[:, q] *
    conj(B_q[p, :]))`` (Gamma Hermitian): 2 products per lead instead of a contraction
    per pair (einsum's path search alone cost 40 % of a Hall-bar sample).
    """
    n = len(blocks)
    rows = [gammas[p] @ g[blocks[p], :] for p in range(n)]
    cols = [g[:, blocks[q]] @ gammas[q] for q in range(n)]
    transmission = np.zeros((n, n))
    for p in range(n):
        for q in range(n):
            if p != q:
                transmission[p, q] = np.real(np.sum(rows[p][:, blocks[q]]
                                                    * cols[q][blocks[p], :].conj()))
    return transmission


def _sandwich(u, matrix):
    """``U M U^dagger`` for a site-block-diagonal ``U`` given by its blocks ``u``.

    ``u``: shape (sites, norbs, norbs).  O(m^2 norbs): no dense matrix product, and
    elementwise products per block element rather than einsum (measured: 3.6x
    faster than einsum at m = 80, 1.4x faster than two dense products).
    """
    k, norbs = u.shape[0], u.shape[1]
    m = k * norbs
    rows = matrix.reshape(k, norbs, m)
    left = np.empty((k, norbs, m), dtype=complex)  # U M
    scratch = np.empty((k, m), dtype=complex)
    for a in range(norbs):
        np.multiply(u[:, a, 0, None], rows[:, 0], out=left[:, a])
        for b in range(1, norbs):
            left[:, a] += np.multiply(u[:, a, b, None], rows[:, b], out=scratch)
    left = left.reshape(m, k, norbs)
    conjugate = u.conj()
    result = np.empty((m, k, norbs), dtype=complex)  # (U M) U^dagger
    scratch = np.empty((m, k), dtype=complex)
    for c in range(norbs):
        np.multiply(left[:, :, 0], conjugate[:, c, 0], out=result[:, :, c])
        for d in range(1, norbs):
            result[:, :, c] += np.multiply(left[:, :, d], conjugate[:, c, d], out=scratch)
    return result.reshape(m, m)


def coupling_sandwich(u, matrix):
    """``U M U^dagger`` for an inter-slice coupling ``U`` in `SliceGreensSolver` form.

    ``u``: the diagonal of ``U`` (shape (m,), one orbital per site) or its site blocks
    (shape (sites, norbs, norbs)); ``matrix``: (m, m).  O(m^2 norbs).
    """
    if u.ndim == 1:
        return matrix * np.multiply.outer(u, u.conj())
    return _sandwich(u, matrix)


def coupling_adjoint(u):
    """``U^dagger`` in the form of ``u`` (see `coupling_sandwich`)."""
    return u.conj() if u.ndim == 1 else np.ascontiguousarray(u.conj().transpose(0, 2, 1))


def _apply(u, matrix):
    """``U @ matrix`` for a site-block-diagonal ``U`` (see `_sandwich`)."""
    k, norbs = u.shape[0], u.shape[1]
    columns = matrix.shape[1]
    # Explicit row count: with no open channel (columns = 0) a -1 cannot be inferred.
    return np.matmul(u, matrix.reshape(k, norbs, columns)).reshape(k * norbs, columns)


def _inverse(matrix, strict=True):
    """Inverse of a C-contiguous complex square matrix, computed in its own memory.

    A singular matrix raises LinAlgError, or returns None when not ``strict``.
    """
    # matrix.T is Fortran-ordered: LAPACK inverts the transpose in place, and the
    # transpose of the result is the inverse, C-ordered again (no copies).
    lu, pivots, info = lapack.zgetrf(matrix.T, overwrite_a=True)
    if info == 0:
        result, info = lapack.zgetri(lu, pivots, overwrite_lu=True)
    if info:
        if not strict:
            return None
        raise np.linalg.LinAlgError("singular slice Green's function")
    return result.T


def fast_inverse(matrix):
    """`_inverse` by 2x2 blocks: most of the work in matrix products (1.5x faster at m = 80).

    The two diagonal blocks are inverted with pivoting, but nothing pivots
    between the blocks: when the leading block is singular or its inverse has
    an element with a real or imaginary part above `BLOCK_INVERSE_MAX_ELEMENT`
    (ill-conditioned), the full pivoted inverse is used instead.  ``matrix``
    (C-contiguous) is overwritten.
    """
    m = matrix.shape[0]
    if m < BLOCK_INVERSE_MIN_SIZE:
        return _inverse(matrix)
    h = m // 2
    top_inverse = _inverse(np.ascontiguousarray(matrix[:h, :h]), strict=False)
    if top_inverse is None:
        return _inverse(matrix)
    parts = top_inverse.view(float)  # real and imaginary parts: half the cost of abs()
    if parts.max() > BLOCK_INVERSE_MAX_ELEMENT or -parts.min() > BLOCK_INVERSE_MAX_ELEMENT:
        return _inverse(matrix)
    upper = top_inverse @ matrix[:h, h:]  # A^-1 B
    lower = matrix[h:, :h] @ top_inverse  # C A^-1
    schur_inverse = _inverse(matrix[h:, h:] - matrix[h:, :h] @ upper)
    off = upper @ schur_inverse
    matrix[:h, :h] = top_inverse
    matrix[:h, :h] += off @ lower
    np.negative(off, out=matrix[:h, h:])
    np.matmul(schur_inverse, lower, out=matrix[h:, :h])
    np.negative(matrix[h:, :h], out=matrix[h:, :h])
    matrix[h:, h:] = schur_inverse
    return matrix


class SliceGreensSolver(_GreensSolver):
    """Two-terminal bars (leads along x, equal slices): recursive Green's function.

    Every slice is ordered by transverse tag, so that the x-hoppings ``U_s``
    (slice s -> s+1) are site-block diagonal (a Peierls phase per site, times a
    2x2 SU(2)/Rashba block when spinful): ``U g U^dagger`` costs O(m^2) instead
    of two matrix products, and the only O(m^3) step per slice is the inverse
    (`fast_inverse` for one orbital per site).  For the transmission sum through
    one-orbital slices of `FRACTIONAL_MIN_SIZE` sites or more even that is done
    only every few slices (`_fractional_recursion`: 1.7x faster at m = 80).
    """

    @staticmethod
    def applies(device):
        """True for two-terminal devices whose region is a stack of equal slices along x
        (square or cubic lattice, one lead on each end slice) of at
        most `FRACTIONAL_SLICE_LIMIT` sites (one orbital) or `SLICE_LIMIT` orbitals."""
        cross_section = _bar_cross_section(device)
        if cross_section is None:
            return False
        size = cross_section * device.norbs
        limit = (FRACTIONAL_SLICE_LIMIT if device.norbs == 1 else SLICE_LIMIT)[device.dimension]
        return size <= limit

    def __init__(self, device):
        super().__init__(device)
        a = self.assembler
        x = np.rint(a.positions[:, 0]).astype(np.int64)
        self.n_slices = n = int(x.max()) + 1
        per_slice = np.bincount(x)
        if np.any(per_slice != per_slice[0]):
            raise ValueError("the slice solver needs slices of equal size")
        self.k = int(per_slice[0])
        self.m = m = self.k * self.norbs
        # Every slice ordered by its transverse tag, so that the x-hoppings between
        # slices are site-diagonal (a norbs x norbs block per site).
        tags = a.tags
        transverse = [tuple(t[1:]) for t in tags]
        order = [sorted(np.nonzero(x == s)[0], key=lambda i: transverse[i]) for s in range(n)]
        local = np.empty(a.size, dtype=np.int64)
        slice_of = np.empty(a.size, dtype=np.int64)
        for s, sites in enumerate(order):
            orbitals = orbital_indices(sites, self.norbs)
            local[orbitals] = np.arange(orbitals.size)
            slice_of[orbitals] = s
        # Lead self-energies come in the interface order: permute into slice order.
        self.lead_permutation = [local[orbital_indices(self.fsyst.lead_interfaces[k], self.norbs)]
                                 for k in (0, 1)]
        first, last = slice_of[self.interfaces[0]], slice_of[self.interfaces[1]]
        if np.any(first != 0) or np.any(last != n - 1):
            raise ValueError("the slice solver needs leads at the first and last slice")
        rs, cs = slice_of[a.rows], slice_of[a.cols]
        in_slice = np.nonzero(rs == cs)[0]
        forward = np.nonzero(rs == cs + 1)[0]  # H[s+1, s]: from slice s to s+1
        if in_slice.size + 2 * forward.size != a.rows.size:
            raise ValueError("the slice solver needs nearest-slice couplings only")
        row, col = local[a.rows], local[a.cols]
        keys = ((rs * n + cs) * m + row) * m + col
        if np.unique(keys).size != keys.size:  # entries are assigned, not summed
            raise ValueError("the slice solver needs a Hamiltonian without duplicate entries")
        # In-slice entries grouped by slice: value positions and flat (row, col) indices,
        # so that each slice's m x m matrix is built in place (no (n, m, m) array).
        by_slice = in_slice[np.argsort(rs[in_slice], kind="stable")]
        bounds = np.searchsorted(rs[by_slice], np.arange(n + 1))
        self._slice_entries = [by_slice[bounds[s]:bounds[s + 1]] for s in range(n)]
        self._slice_flat = [row[e] * m + col[e] for e in self._slice_entries]
        self._diagonal = np.arange(m) * (m + 1)
        row_f, col_f = row[forward], col[forward]
        if np.any(row_f // self.norbs != col_f // self.norbs):
            raise ValueError("the slice solver needs site-diagonal couplings between slices")
        #: Slice of every orbital and its position within the slice (slice order).
        self.slice_of_orbital, self.local_orbital = slice_of, local
        self._localized = False  # the last sample needed the propagator (two_terminal)
        self._fractional = (self.norbs == 1 and m >= FRACTIONAL_MIN_SIZE and n >= 4
                            and self._build_slice_operators(row, col))
        self._forward = forward
        self._forward_index = (cs[forward], row_f // self.norbs,
                               row_f % self.norbs, col_f % self.norbs)

    def _build_slice_operators(self, row, col):
        """CSR patterns of ``E - H_s`` per slice for `_fractional_recursion`; False when a
        site has no on-site entry (then E cannot be placed in the pattern)."""
        self._slice_csr = []
        for entries in self._slice_entries:
            r, c = row[entries], col[entries]
            order = np.lexsort((c, r))
            r, c = r[order], c[order]
            diagonal = np.nonzero(r == c)[0]
            if diagonal.size != self.m:
                return False
            indptr = np.searchsorted(r, np.arange(self.m + 1)).astype(np.int32)
            self._slice_csr.append((indptr, c.astype(np.int32), entries[order], diagonal))
        return True

    def _lead_blocks(self, energy, params):
        sigmas, _, _ = self.leads(energy, params)
        out = []
        for sigma, perm in zip(sigmas, self.lead_permutation):
            block = np.zeros((self.m, self.m), dtype=complex)
            block[np.ix_(perm, perm)] = sigma
            out.append(block)
        return out

    def slice_system(self, energy, params):
        """The slices of ``E - H - Sigma`` in slice order (`local_orbital`).

        Returns
        -------
        blocks : numpy.ndarray, shape (n_slices, m, m)
            ``E - H_s - Sigma_s``: the lead self-energies on the first and last slice.
        couplings : numpy.ndarray
            ``U_s = H_{s+1, s}`` for s = 0 .. n_slices - 2, in the form of
            `coupling_sandwich`.
        broadenings : tuple of numpy.ndarray
            ``Gamma`` of lead 0 (first slice) and lead 1 (last slice), (m, m) each.
        """
        values = self.assembler.values(params)
        n, m = self.n_slices, self.m
        lead_blocks = self._lead_blocks(energy, params)
        blocks = np.zeros((n, m, m), dtype=complex)
        blocks[0] -= lead_blocks[0]
        blocks[n - 1] -= lead_blocks[1]
        for s in range(n):
            flat = blocks[s].reshape(-1)
            flat[self._slice_flat[s]] -= values[self._slice_entries[s]]
            flat[self._diagonal] += energy
        return blocks, self._couplings(values), tuple(_broadening(b) for b in lead_blocks)

    def _couplings(self, values):
        """``U_s`` for s = 0 .. n-2: (n-1, m) diagonals, or (n-1, sites, norbs, norbs) blocks."""
        coupling = np.zeros((max(self.n_slices - 1, 1), self.k, self.norbs, self.norbs),
                            dtype=complex)
        coupling[self._forward_index] = values[self._forward]
        return coupling[:, :, 0, 0] if self.norbs == 1 else coupling

    def green_10(self, energy, params, source_vectors):
        """``G_{last, first} @ source_vectors`` (lead interface orders), left-to-right recursion.

        ``g_s = (E - H_s - Sigma_s - U_{s-1} g_{s-1} U_{s-1}^dagger)^{-1}`` and the
        propagator ``P_s = g_s U_{s-1} P_{s-1}``, ``P_0 = g_0 W_0``.
        """
        return self._recursion(energy, params, source_vectors)[2]

    def two_terminal(self, energy, params, eigenvalues=False):
        """``(sum_n T_n, eigenvalues or None)`` from one recursion.

        With ``g_N`` the full Green's function of the last slice and
        ``Sigma_left = U g_{N-1} U^dagger`` the self-energy of everything to its
        left, ``G_N0 Gamma_0 G_N0^dagger = g_N Gamma_left g_N^dagger``
        (``i (g - g^dagger) = g Gamma_0 g^dagger`` for the left-connected part), so
        ``T = Tr[Gamma_1 g_N Gamma_left g_N^dagger]`` needs no O(m^2 N) propagator
        product per slice.  ``Gamma_left`` is a difference, precise to
        ``~eps |Sigma_left|`` in absolute terms: when that bound is not `PRECISION` of T
        (localized samples, T exponentially small) T comes from the propagator,
        precise relative to itself.  The choice depends on the sample alone, so a
        result never depends on what was solved before; after a localized sample
        the propagator is carried along at once (no second recursion).  Slices of
        `FRACTIONAL_MIN_SIZE` sites or more (one orbital) take the sum from
        `_fractional_recursion` (the propagator, when T needs it, is then a second
        recursion); after a localized sample the propagator comes first, and the
        fractional recursion runs only when the propagator's bound is within
        `FLAG_MARGIN` of `PRECISION` or below it, so the result is the same
        whatever came before, and localized ensembles pay one recursion per sample.
        """
        _, gammas, channels = self.leads(energy, params)
        if channels[0].shape[1] == 0 or channels[1].shape[1] == 0:
            return 0.0, (np.zeros(0) if eigenvalues else None)
        amplitude = None
        if self._fractional and not eigenvalues:
            if self._localized:
                # Probably localized again: the propagator first.  Its own bound decides
                # only far from the threshold (bound/T of the two recursions agree to
                # 3e-11, measured), so the result is the one the fractional sum first gives.
                g, sigma_left, amplitude = self._recursion(energy, params, channels[0])
                total, error = self._sum_and_bound(g, sigma_left, channels[1])
                if error > PRECISION * total * (1 + FLAG_MARGIN):
                    return self._from_amplitude(amplitude, gammas[1], False)
            g, sigma_left = self._fractional_recursion(energy, params)
        else:
            propagate = eigenvalues or self._localized
            g, sigma_left, amplitude = self._recursion(energy, params,
                                                       channels[0] if propagate else None)
        total, error = self._sum_and_bound(g, sigma_left, channels[1])
        self._localized = error > PRECISION * total
        if self._localized:
            if amplitude is None:
                amplitude = self._recursion(energy, params, channels[0])[2]
            return self._from_amplitude(amplitude, gammas[1], eigenvalues)
        if not eigenvalues:
            return total, None
        return total, self._from_amplitude(amplitude, gammas[1], True)[1]

    def _sum_and_bound(self, g, sigma_left, channels_1):
        """``Tr[Gamma_1 g_N Gamma_left g_N^dagger]`` and the bound on its round-off."""
        y = channels_1.conj().T @ g[self.lead_permutation[1]]  # W_1^dagger g_N[last, :]
        total = float(np.real(np.sum((y @ _broadening(sigma_left)) * y.conj())))
        error = 64 * np.finfo(float).eps * np.linalg.norm(sigma_left) * np.sum(np.abs(y) ** 2)
        return total, error

    @staticmethod
    def _from_amplitude(amplitude, gamma, eigenvalues):
        """``(Tr[A^dagger Gamma_1 A], its eigenvalues (descending) or None)``, ``A = G_10 W_0``."""
        total = float(np.real(np.sum(amplitude.conj() * (gamma @ amplitude))))
        if not eigenvalues:
            return total, None
        m = amplitude.conj().T @ gamma @ amplitude
        return total, np.linalg.eigvalsh(0.5 * (m + m.conj().T))[::-1]

    def _fractional_recursion(self, energy, params):
        """``(g_N, Sigma_left)`` of `_recursion` with an O(m^3) step every few slices only.

        With ``g_{s-1} = P Q^-1`` the step ``g_s = (A_s - U g_{s-1} U^dagger)^-1``
        (``A_s = E - H_s``, ``U`` the diagonal x-hoppings) is
        ``P_s = U^-dagger Q_{s-1}``, ``Q_s = A_s P_s - U P_{s-1}``: O(m^2) for a
        sparse ``A_s`` (a transfer matrix acting on the pair).  ``P`` and ``Q`` grow
        like the evanescent modes and ``Q`` loses its condition, so ``P Q^-1`` is
        formed (and ``Q`` reset to 1) every `FRACTIONAL_MAX_STEPS` slices or sooner
        (`FRACTIONAL_GROWTH`), and before the last slice, which is done as in
        `_recursion`.
        """
        from scipy.sparse import _sparsetools
        sigma_first, sigma_last = self._lead_blocks(energy, params)
        values = self.assembler.values(params)
        n, m = self.n_slices, self.m
        u = self._couplings(values)
        if not np.all(u):  # a missing x-hopping: U is not invertible
            g, sigma_left, _ = self._recursion(energy, params, None)
            return g, sigma_left
        limit = FRACTIONAL_GROWTH**2 * m  # on |Q|_F^2
        a = np.ascontiguousarray(-sigma_first, dtype=complex)
        flat = a.reshape(-1)
        flat[self._slice_flat[0]] -= values[self._slice_entries[0]]
        flat[self._diagonal] += energy
        p, q, steps = fast_inverse(a), None, 0  # q None: the identity
        for s in range(1, n - 1):
            w = u[s - 1]
            indptr, indices, entries, diagonal = self._slice_csr[s]
            data = -values[entries]
            data[diagonal] += energy
            p_new = np.diag(1 / w.conj()) if q is None else q * (1 / w.conj())[:, None]
            q = (-w)[:, None] * p  # - U P_{s-1}, then + A_s P_s:
            _sparsetools.csr_matvecs(m, m, m, indptr, indices, data, p_new.reshape(-1),
                                     q.reshape(-1))
            p, steps = p_new, steps + 1
            if s == n - 2 or steps == FRACTIONAL_MAX_STEPS or np.vdot(q, q).real > limit:
                p = p @ fast_inverse(q)
                q, steps = None, 0
        w = u[n - 2]
        a = p * -np.multiply.outer(w, w.conj())
        sigma_left = -a
        a -= sigma_last
        flat = a.reshape(-1)
        flat[self._slice_flat[n - 1]] -= values[self._slice_entries[n - 1]]
        flat[self._diagonal] += energy
        return fast_inverse(a), sigma_left

    def _recursion(self, energy, params, source_vectors):
        """The left-to-right recursion: ``(g_N, Sigma_left, G_{last, first} @ source_vectors)``
        (the last None when ``source_vectors`` is None)."""
        sigma_first, sigma_last = self._lead_blocks(energy, params)
        values = self.assembler.values(params)
        n = self.n_slices
        u = self._couplings(values)
        first, last = self.lead_permutation
        scalar = self.norbs == 1
        # One orbital per site: U M U^dagger = (u u^*) * M, and without random flux
        # (Landau gauge) the phases u_s are the same for every s: computed once.
        uniform = scalar and n > 1 and not np.any(u - u[0])
        phases = None
        g, propagator = None, None
        for s in range(n):
            if s == 0:
                a = -sigma_first
            else:
                w = u[s - 1]
                if scalar:
                    if phases is None or not uniform:
                        phases = -np.multiply.outer(w, w.conj())
                    a = g * phases
                    if source_vectors is not None:
                        propagator = w[:, None] * propagator
                else:
                    a = _sandwich(w, g)
                    np.negative(a, out=a)
                    if source_vectors is not None:
                        propagator = _apply(w, propagator)
            if s == n - 1:
                sigma_left = -a  # a copy: a is modified in place below
                a -= sigma_last
            a = np.ascontiguousarray(a, dtype=complex)
            flat = a.reshape(-1)
            flat[self._slice_flat[s]] -= values[self._slice_entries[s]]
            flat[self._diagonal] += energy
            g = fast_inverse(a) if scalar else _inverse(a)
            if source_vectors is not None:
                propagator = g[:, first] @ source_vectors if s == 0 else g @ propagator
        return g, sigma_left, (None if source_vectors is None else propagator[last])
