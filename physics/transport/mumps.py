"""The one MUMPS wrapper: sparse LU with the symbolic analysis reused, solves, selected inversion.

Every sparse direct solve of the project (the Green's-function solver of any
device, Buttiker probes, closed-sample resolvents) goes through `SparseLU`.  The
ordering is deterministic (AMF or AMD, never MUMPS's default Scotch ordering,
whose random state persists across calls and changes results at 1e-14).
"""

import numpy as np

__all__ = ["SparseLU", "DETERMINISTIC_ORDERINGS"]

#: Orderings whose result depends on the matrix alone.
DETERMINISTIC_ORDERINGS = ("amf", "amd", "metis", "pord", "qamd")


class SparseLU:
    """LU factorization of sparse matrices that share one sparsity pattern.

    The symbolic analysis runs on the first matrix and again only when the
    pattern (shape and number of stored entries) changes; each `factor` call
    then does the numerical factorization alone.

    Parameters
    ----------
    ordering : str
        MUMPS fill-reducing ordering, one of `DETERMINISTIC_ORDERINGS`.
    """

    def __init__(self, ordering="amf"):
        if ordering not in DETERMINISTIC_ORDERINGS:
            raise ValueError(f"ordering must be one of {', '.join(DETERMINISTIC_ORDERINGS)}, "
                             f"got {ordering!r}")
        self.ordering = ordering
        self._context = None
        self._pattern = None
        self.size = None

    def factor(self, matrix):
        """Factorize ``matrix`` (scipy.sparse, square); returns ``self``."""
        from kwant.linalg import mumps
        matrix = matrix.tocoo()
        pattern = (matrix.shape, matrix.nnz)
        if self._context is None or pattern != self._pattern:
            self._context = mumps.MUMPSContext()
            self._context.analyze(matrix, ordering=self.ordering)
            self._pattern = pattern
            self.size = matrix.shape[0]
        self._context.factor(matrix, ordering=self.ordering, reuse_analysis=True)
        return self

    def solve(self, rhs):
        """``A^-1 rhs`` for a dense right-hand side of shape (size, k) (overwritten)."""
        return self._context.solve(rhs, overwrite_b=True)

    def unit_columns(self, rows):
        """``A^-1`` at columns ``rows`` (shape (size, len(rows))), from unit right-hand sides."""
        rhs = np.zeros((self.size, len(rows)), dtype=complex, order="F")
        rhs[rows, np.arange(len(rows))] = 1.0
        return self.solve(rhs)

    def inverse_block(self, indices):
        """``A^-1[indices, indices]``: selected entries of the inverse.

        MUMPS computes only the requested block (ICNTL(30)), pruning both
        substitutions; the full ``size x len(indices)`` solution is never formed.
        Measured on a 160 x 80 spinful film with 3556 probe columns: 1.6x faster
        than unit right-hand sides, with identical numbers.
        """
        from kwant.linalg import _mumps  # the integer type of MUMPS's index arrays
        unique, position = np.unique(indices, return_inverse=True)
        n = unique.size
        if n * n >= 2**31:
            raise ValueError(f"{n} Green's function columns: the {n}x{n} block is too large "
                             f"for MUMPS (fewer probes, e.g. probes='grid:N')")
        # The requested pattern: every unique column, rows = the same indices (1-based).
        counts = np.zeros(self.size, dtype=_mumps.int_dtype)
        counts[unique] = n
        col_ptr = np.ones(self.size + 1, dtype=_mumps.int_dtype)
        np.cumsum(counts, out=col_ptr[1:])
        col_ptr[1:] += 1
        row_ind = np.tile((unique + 1).astype(_mumps.int_dtype), n)
        entries = np.zeros(n * n, dtype=complex)
        instance = self._context.mumps_instance
        instance.set_sparse_rhs(col_ptr, row_ind, entries)
        instance.icntl[30] = 1
        instance.job = 3
        try:
            instance.call()
        finally:
            instance.icntl[30] = 0
        if instance.infog[1] < 0:
            raise RuntimeError(f"MUMPS selected inversion failed: INFOG(1) = "
                               f"{instance.infog[1]}, INFOG(2) = {instance.infog[2]}")
        # entries holds column after column of the (unique x unique) block.
        block = entries.reshape(n, n).T
        return block[np.ix_(position, position)]
