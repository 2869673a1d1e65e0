"""Self-consistent s-wave Bogoliubov-de Gennes mean field of closed disordered samples.

The attractive Hubbard model ``H = sum_sigma H0_sigma - U sum_i n_i,up n_i,down`` (U > 0) is
decoupled in the pairing channel (docs/theory/superconductivity.md#bogoliubov-de-gennes-mean-field):
in the Nambu basis (c_i,up, c^+_i,down) the Hamiltonian is

    H_BdG = [[H_up - mu, diag(Delta)], [diag(Delta)^*, -(H_down - mu)^*]],

with the local order parameter ``Delta_i = -U <c_i,down c_i,up> = -U sum_n u_n(i) v_n(i)^*
f(E_n)``, summed over all 2N eigenstates (equal to ``U sum_{E_n > 0} u_n v_n^* tanh(E_n / 2T)``
when H_up = H_down).  H_up and H_down may differ by a spin-dependent (Zeeman, exchange)
potential along z, which breaks pairs.  The Hartree shift -U <n>/2 is left out: it only
renormalizes the chemical potential and screens the disorder.  Units: t; k_B = 1.
"""

import dataclasses

import numpy as np
import scipy.optimize
import scipy.special

from devices.validation import check_count, check_nonnegative, check_positive, check_real

from .mixing import AndersonMixing

__all__ = ["bdg_mean_field", "BdGResult", "BdGConvergenceError", "anderson_gap"]


class BdGConvergenceError(RuntimeError):
    """The gap equation's iteration did not reach the tolerance (attribute ``residual``)."""

    def __init__(self, iterations, residual, tolerance):
        self.iterations, self.residual = iterations, residual
        super().__init__(f"the gap equation did not converge in {iterations} iterations: last "
                         f"change {residual:.3g} > tolerance {tolerance:g}")


@dataclasses.dataclass
class BdGResult:
    """A self-consistent BdG state.

    Attributes
    ----------
    gap : numpy.ndarray
        Delta_i on every site (t), real for real H0 (the phase is fixed by the start).
        The state is the fixed point: Delta from the quasiparticles of this gap.
    energies : numpy.ndarray
        The 2N quasiparticle energies (t), ascending.
    spectral_gap : float
        Smallest absolute quasiparticle energy (t): the gap of the excitation spectrum.
    iterations : int
        Updates of the order parameter.
    """

    gap: np.ndarray
    energies: np.ndarray
    spectral_gap: float
    iterations: int


def _dense(name, matrix):
    matrix = matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {matrix.shape}")
    if not np.allclose(matrix, matrix.conj().T, atol=1e-12):
        raise ValueError(f"{name} must be Hermitian")
    return matrix


def bdg_mean_field(hamiltonian_up, hamiltonian_down=None, *, attraction, chemical_potential,
                   temperature=0.0, initial_gap=0.2, tolerance=1e-8, max_iterations=1000):
    """Solve the s-wave gap equation of a closed sample by iteration.

    Parameters
    ----------
    hamiltonian_up : (N, N) matrix
        H0 of spin up (t, from `devices.ClosedSample.hamiltonian` of a spinless sample).
    hamiltonian_down : (N, N) matrix, optional
        H0 of spin down (t); the same as spin up by default (no pair breaking).
    attraction : float
        U > 0 (t).
    chemical_potential : float
        mu (t from the band bottom).
    temperature : float
        k_B T >= 0 (t); 0 is the ground state.
    initial_gap : float
        Uniform starting Delta (t), > 0.
    tolerance : float
        Largest change of Delta_i (t) between updates at convergence.
    max_iterations : int

    Returns
    -------
    BdGResult

    Raises
    ------
    BdGConvergenceError
    """
    h_up = _dense("hamiltonian_up", hamiltonian_up)
    h_down = h_up if hamiltonian_down is None else _dense("hamiltonian_down", hamiltonian_down)
    if h_down.shape != h_up.shape:
        raise ValueError(f"hamiltonian_down must have the shape of hamiltonian_up "
                         f"{h_up.shape}, got {h_down.shape}")
    u = check_positive("attraction", attraction)
    mu = check_real("chemical_potential", chemical_potential)
    temperature = check_nonnegative("temperature", temperature)
    tolerance = check_positive("tolerance", tolerance)
    max_iterations = check_count("max_iterations", max_iterations)
    real = not (np.any(np.imag(h_up)) or np.any(np.imag(h_down)))
    if real:  # no field: a real BdG matrix, real Delta, half the arithmetic
        h_up, h_down = np.real(h_up), np.real(h_down)
    n = h_up.shape[0]
    identity = np.eye(n)
    bdg = np.zeros((2 * n, 2 * n), dtype=float if real else complex)
    bdg[:n, :n] = h_up - mu * identity
    bdg[n:, n:] = -(h_down - mu * identity).conj()
    gap = np.full(n, float(check_positive("initial_gap", initial_gap)), dtype=bdg.dtype)
    mixer = AndersonMixing(beta=1.0, history=6)
    for iteration in range(1, max_iterations + 1):
        energies, new = _update(bdg, gap, u, temperature)
        residual = np.abs(new - gap).max()
        if residual < tolerance:
            return BdGResult(gap=new, energies=energies,
                             spectral_gap=float(np.abs(energies).min()), iterations=iteration)
        gap = mixer(gap, new)
    raise BdGConvergenceError(max_iterations, residual, tolerance)


def _update(bdg, gap, attraction, temperature):
    """Quasiparticle energies with ``gap`` and the order parameter they give."""
    n = len(gap)
    diagonal = np.arange(n)
    bdg[diagonal, n + diagonal] = gap
    bdg[n + diagonal, diagonal] = gap.conj()
    energies, vectors = np.linalg.eigh(bdg)
    occupation = (np.heaviside(-energies, 0.5) if temperature == 0
                  else scipy.special.expit(-energies / temperature))
    return energies, -attraction * np.einsum("in,in,n->i", vectors[:n], vectors[n:].conj(),
                                             occupation)


def anderson_gap(levels, attraction, chemical_potential, temperature=0.0):
    """Uniform gap of pairs of time-reversed exact eigenstates: Anderson's theorem.

    Pairing each eigenstate psi_n with its time reverse and replacing the pair interaction
    ``U sum_i |psi_n(i)|^2 |psi_m(i)|^2`` by its average U/N gives the BCS equation over the
    sample's own levels, ``1 = (U/N) sum_n tanh(E_n / 2T) / (2 E_n)``, ``E_n = sqrt(xi_n^2 +
    Delta^2)`` (docs/theory/superconductivity.md#andersons-theorem): the gap depends on the
    spectrum only, not on the disorder of the wave functions.  On a clean torus (plane waves)
    it is the BdG solution exactly.

    Parameters
    ----------
    levels : array_like
        The N single-particle levels of one spin (t).
    attraction, chemical_potential, temperature
        U > 0, mu and k_B T >= 0 (t), as in `bdg_mean_field`.

    Returns
    -------
    float
        Delta (t); 0 when the equation has no positive root (above T_c).
    """
    xi = np.asarray(levels, dtype=float) - check_real("chemical_potential", chemical_potential)
    u = check_positive("attraction", attraction)
    temperature = check_nonnegative("temperature", temperature)

    def excess(delta):
        energy = np.sqrt(xi**2 + delta**2)
        factor = 1.0 if temperature == 0 else np.tanh(energy / (2 * temperature))
        return u * np.mean(factor / (2 * energy)) - 1

    if excess(1e-12) <= 0:
        return 0.0
    return float(scipy.optimize.brentq(excess, 1e-12, 10 * u + np.abs(xi).max(), xtol=1e-14))
