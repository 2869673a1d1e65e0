"""Anderson (Pulay, DIIS) mixing for self-consistent mean-field iterations.

Shared by the Hartree-Fock and the Bogoliubov-de Gennes solvers: given the input x and the
output G(x) of one update, the next input is the combination of the last few inputs (each
advanced by ``beta`` times its residual F = G(x) - x) whose residuals combine to the smallest
norm under the constraint that the coefficients sum to one (Pulay, Chem. Phys. Lett. 73,
393 (1980)).
"""

import numpy as np

__all__ = ["AndersonMixing"]


class AndersonMixing:
    """Pulay/Anderson mixing of a flat vector x with residual F = x_out - x_in.

    Parameters
    ----------
    beta : float
        Fraction of the residual added to each stored input, in (0, 1].
    history : int
        Number of previous steps combined.
    """

    def __init__(self, beta, history):
        self.beta, self.history = beta, history
        self.xs, self.fs = [], []

    def __call__(self, x_in, x_out):
        """The next input after the update x_in -> x_out."""
        f = x_out - x_in
        self.xs.append(x_in)
        self.fs.append(f)
        if len(self.xs) > self.history:
            self.xs.pop(0)
            self.fs.pop(0)
        m = len(self.fs)
        if m == 1:
            return x_in + self.beta * f
        overlaps = np.array([[np.vdot(a, b).real for b in self.fs] for a in self.fs])
        system = np.zeros((m + 1, m + 1))
        system[:m, :m] = overlaps / max(np.abs(overlaps).max(), 1e-300)
        system[:m, m] = system[m, :m] = 1.0
        rhs = np.zeros(m + 1)
        rhs[m] = 1.0
        coefficients = np.linalg.lstsq(system, rhs, rcond=1e-12)[0][:m]
        return sum(c * (x + self.beta * g) for c, x, g in zip(coefficients, self.xs, self.fs))
