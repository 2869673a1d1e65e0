"""Kubo-Greenwood conductivity of large closed samples by the kernel polynomial method.

The dissipative conductivity of non-interacting electrons at zero temperature is
(docs/theory/kubo.md#kubo-greenwood-conductivity)

    Re sigma_xx(omega) = (pi hbar e^2 / Omega) (1 / hbar omega)
                         int_{E_F - hbar omega}^{E_F} dE  Tr[v_x delta(E - H) v_x delta(E + hbar omega - H)],

with ``v_x = i [H, x] / hbar`` and Omega the sample's volume; at omega -> 0 it is
``(pi hbar e^2 / Omega) Tr[v_x delta(E_F - H) v_x delta(E_F - H)]``.  In the project's units
(t, a, hbar = 1) the conductivity in e^2/h is ``2 pi^2 Tr[...] / N_Omega`` with
N_Omega the volume in a^d (the sheet conductance in 2D; e^2/(h a) in 3D).

The trace is stochastic: for a random-phase vector r, ``a_E = delta(E - H) r`` and
``b_E = delta(E - H) v r`` (two Chebyshev recursions, `physics.linear_response.chebyshev`)
give ``<b_E1 | v | a_E2> ~ Tr[v delta(E1 - H) v delta(E2 - H)]`` for every pair of energies
on the grid at once.  Each delta function is the Jackson-broadened one, of standard deviation
`chebyshev.kernel_resolution`: the result is the conductivity at a finite energy resolution,
which must be small against hbar/tau and large against the Thouless energy and level spacing
of the sample (docs/theory/kubo.md#what-the-resolution-does).

Closed samples come from `devices.ClosedSample`; a bar closed into a ring along x
(``periodic=True``) has no contacts, and its velocity uses the minimum-image bond vector
across the seam.
"""

import dataclasses

import numpy as np
import scipy.sparse

from devices.validation import check_count, check_real_array, check_seed

from . import chebyshev

__all__ = ["velocity_operator", "sample_operators", "volume_per_site", "check_trace_arguments",
           "spectral_correlation", "KuboConductivity", "kubo_greenwood"]

#: Memory (bytes) the energy-resolved vectors of one block of random vectors may take.
KUBO_MEMORY = 2 * 2**30


def velocity_operator(hamiltonian, positions, direction=0, period=None):
    """The velocity ``v = i [H, x_direction]`` (t a / hbar) of a tight-binding Hamiltonian.

    Parameters
    ----------
    hamiltonian : scipy.sparse matrix, shape (n, n)
    positions : numpy.ndarray, shape (n, d)
        Position of every orbital (a).
    direction : int
        Cartesian component (0 = x).
    period : float, optional
        Period (a) of a sample closed into a ring along ``direction``: bond vectors are
        taken as the minimum image, so the bonds across the seam count as +-1 a.

    Returns
    -------
    scipy.sparse.csr_matrix, Hermitian: ``v_ij = i (x_j - x_i) H_ij`` (hbar = 1).
    """
    matrix = scipy.sparse.coo_matrix(hamiltonian)
    positions = np.asarray(positions, dtype=float)
    if positions.ndim != 2 or positions.shape[0] != matrix.shape[0]:
        raise ValueError(f"positions must have shape ({matrix.shape[0]}, d), got {positions.shape}")
    if not 0 <= direction < positions.shape[1]:
        raise ValueError(f"direction must be in 0 .. {positions.shape[1] - 1}, got {direction!r}")
    dx = positions[matrix.col, direction] - positions[matrix.row, direction]
    if period is not None:
        dx -= period * np.round(dx / period)
    return scipy.sparse.csr_matrix((1j * dx * matrix.data, (matrix.row, matrix.col)),
                                   shape=matrix.shape)


def sample_operators(sample, direction=0, **params):
    """Hamiltonian (t) and velocity (t a / hbar) of a `devices.ClosedSample`, and its volume.

    Returns
    -------
    hamiltonian, velocity : scipy.sparse.csr_matrix
    volume : float
        Sample volume in a^d (sites times the volume per site of the lattice).
    """
    hamiltonian = sample.hamiltonian(**params)
    positions = np.repeat(sample.positions, sample.norbs, axis=0)
    period = sample.periods[direction]
    return (hamiltonian, velocity_operator(hamiltonian, positions, direction, period),
            sample.n_sites * volume_per_site(sample))


def volume_per_site(sample):
    """Volume (a^d) per site of a sample's lattice: the unit cell over its sites."""
    lattice = sample.device.site_lattice
    return abs(np.linalg.det(lattice.prim_vecs)) / len(lattice.families)


def check_trace_arguments(energies, num_moments, seeds, vector_seed, params):
    """Validated (energies, num_moments, seeds, vector_seed) of a KPM run; errors name the
    argument (``seed=`` among the device parameters: a TypeError pointing to ``seeds=``)."""
    energies = check_real_array("energies", energies, ndim=1)
    if len(energies) == 0:
        raise ValueError("energies must not be empty")
    num_moments = check_count("num_moments", num_moments, 2)
    vector_seed = check_seed("vector_seed", vector_seed)
    seeds = [check_seed("seeds", s) for s in np.atleast_1d(seeds).tolist()]
    if not seeds:
        raise ValueError("seeds must name at least one disorder seed")
    if "seed" in params:
        raise TypeError("pass the disorder seeds as seeds=(...), not seed=")
    return energies, num_moments, seeds, vector_seed


@dataclasses.dataclass(frozen=True)
class KuboConductivity:
    """Kubo-Greenwood correlation of one or more disorder samples on an energy grid.

    Attributes
    ----------
    energies : numpy.ndarray, shape (n_E,)
        Energy grid (t).
    samples : numpy.ndarray, shape (n_samples, n_E, n_E)
        ``S(E1, E2) = 2 pi^2 Tr[v delta(E1 - H) v delta(E2 - H)] / N_Omega`` of each disorder
        sample (averaged over its random vectors), in e^2/h (times a^(2-d)); its diagonal
        is the DC conductivity.  Summed over all orbitals (both spins of a spinful model).
    resolution : numpy.ndarray, shape (n_E,)
        Standard deviation (t) of the broadened delta functions at each energy (the mean
        over the samples, whose spectral bounds differ slightly).
    vector_error : numpy.ndarray, shape (n_E, n_E)
        Standard error of the stochastic trace (over random vectors, pooled over samples).
    """

    energies: np.ndarray
    samples: np.ndarray
    resolution: np.ndarray
    vector_error: np.ndarray

    @property
    def matrix(self):
        """The sample average of S(E1, E2)."""
        return self.samples.mean(axis=0)

    @property
    def error(self):
        """Standard error of `matrix`: from the spread of the samples (two or more), else
        the stochastic-trace error of the one sample."""
        return chebyshev.sample_error(self.samples, self.vector_error)

    @property
    def dc(self):
        """DC conductivity sigma(E) (e^2/h) at each grid energy."""
        return np.diagonal(self.matrix).copy()

    @property
    def dc_error(self):
        return np.diagonal(self.error).copy()

    def optical(self, fermi_energy):
        """Re sigma(omega) at zero temperature for the Fermi energy ``fermi_energy`` (a grid point).

        Returns
        -------
        omega, conductivity, error : numpy.ndarray
            hbar omega = 0, dE, 2 dE, ... (t) as far as the grid reaches on both sides of
            E_F, ``(1/omega) int_{E_F - omega}^{E_F} S(E, E + omega) dE`` (trapezoid rule on
            the grid) in e^2/h, and its standard error (the samples' spread, else the
            vector error, propagated as if the grid points were independent: an upper bound).
        """
        step = np.diff(self.energies)
        if len(step) == 0 or not np.allclose(step, step[0], rtol=1e-9, atol=0):
            raise ValueError("optical() needs a uniform energy grid")
        index = np.flatnonzero(np.isclose(self.energies, fermi_energy, rtol=0, atol=step[0] * 1e-6))
        if len(index) != 1:
            raise ValueError(f"fermi_energy = {fermi_energy!r} is not a point of the energy grid")
        i = int(index[0])
        reach = min(i, len(self.energies) - 1 - i)
        values, errors = self.samples, self.error
        omega, sigma, sigma_error = [0.0], [values[:, i, i]], [errors[i, i]]
        for j in range(1, reach + 1):
            rows = np.arange(i - j, i + 1)
            weights = np.ones(j + 1)
            weights[[0, -1]] = 0.5
            weights /= j
            sigma.append(np.einsum("k,sk->s", weights, values[:, rows, rows + j]))
            sigma_error.append(np.sqrt(np.sum((weights * errors[rows, rows + j]) ** 2)))
            omega.append(j * step[0])
        sigma = np.array(sigma)  # (n_omega, n_samples)
        return np.array(omega), sigma.mean(axis=1), np.array(sigma_error)


def spectral_correlation(hamiltonian, operators, vectors, energies, num_moments, bounds):
    """Per-vector estimates of ``Tr[A^dagger delta(E1 - H) A delta(E2 - H)]`` for each
    operator A of ``operators``, on every pair of grid energies.

    For a vector r, ``<delta(E1 - H) A r | A delta(E2 - H) r>``: one Chebyshev recursion
    for the kets ``delta(E - H) r`` (shared by the operators) and one per operator for the
    bras.  In the eigenbasis the trace is ``sum_nm |A_nm|^2 delta(E1 - e_n) delta(E2 - e_m)``.

    Parameters
    ----------
    hamiltonian : scipy.sparse matrix, shape (n, n)
    operators : sequence of scipy.sparse matrices, shape (n, n)
        The velocity (Kubo-Greenwood), a density wave exp(i q.r) (density response), ...
    vectors : numpy.ndarray, shape (n, k)
        Random-phase vectors.
    energies, num_moments, bounds
        As `chebyshev.delta_vectors`.

    Returns
    -------
    numpy.ndarray, shape (len(operators), k, n_E, n_E), complex (real up to rounding).
    """
    kets = chebyshev.delta_vectors(hamiltonian, vectors, energies, num_moments, bounds)
    result = np.empty((len(operators), vectors.shape[1], len(energies), len(energies)),
                      dtype=complex)
    for o, operator in enumerate(operators):
        bras = chebyshev.delta_vectors(hamiltonian, operator @ vectors, energies, num_moments,
                                       bounds)
        moved = np.stack([operator @ kets[e] for e in range(len(energies))])
        # <b_E1 | A a_E2> for every pair of energies: one matrix product per vector.
        for j in range(vectors.shape[1]):
            result[o, j] = bras[:, :, j].conj() @ moved[:, :, j].T
    return result


def _correlation(hamiltonian, velocity, vectors, energies, num_moments, bounds):
    """Per-vector estimates of Tr[v delta(E1 - H) v delta(E2 - H)], shape (k, n_E, n_E)."""
    correlation = spectral_correlation(hamiltonian, [velocity], vectors, energies, num_moments,
                                       bounds)[0].real
    return (correlation + np.swapaxes(correlation, 1, 2)) / 2  # real and symmetric exactly


def kubo_greenwood(sample, energies, num_moments, *, num_vectors=4, seeds=(0,), direction=0,
                   vector_seed=0, bounds=None, **params):
    """Kubo-Greenwood conductivity of a closed sample on an energy grid (KPM).

    Parameters
    ----------
    sample : devices.ClosedSample
        The sample (a bar closed into a ring along x for sigma_xx without contacts).
    energies : array_like, shape (n_E,)
        Energy grid (t from the band bottom); uniform for `KuboConductivity.optical`.
    num_moments : int
        Chebyshev moments N: energy resolution ~ pi (spectral half-width) / N
        (`chebyshev.kernel_resolution`).
    num_vectors : int
        Random-phase vectors per disorder sample (stochastic trace).
    seeds : sequence of int
        Disorder seeds (``seed`` of the device); one sample each.
    direction : int
        Current direction (0 = x).
    vector_seed : int
        Seed of the random vectors (the same vectors for every disorder seed).
    bounds : (float, float), optional
        Interval holding the spectrum (t); Gershgorin bounds by default.
    **params
        Solve-time parameters of the device (``disorder``, ``phi``, ...).

    Returns
    -------
    KuboConductivity

    Notes
    -----
    Cost: ``2 num_moments`` sparse products per block of random vectors and sample; memory
    ``~ 48 n n_E`` bytes per vector of the block (n orbitals), at most `KUBO_MEMORY`.
    """
    energies, num_moments, seeds, vector_seed = check_trace_arguments(
        energies, num_moments, seeds, vector_seed, params)
    num_vectors = check_count("num_vectors", num_vectors)
    size = sample.n_sites * sample.norbs
    block = int(max(1, min(num_vectors, KUBO_MEMORY // (48 * size * len(energies)))))
    vectors = chebyshev.random_phase_vectors(size, num_vectors, vector_seed)
    per_sample, per_vector, resolution = [], [], []
    for seed in seeds:
        hamiltonian, velocity, volume = sample_operators(sample, direction, seed=seed, **params)
        sample_bounds = chebyshev.spectral_bounds(hamiltonian) if bounds is None else bounds
        resolution.append(chebyshev.kernel_resolution(energies, num_moments, sample_bounds))
        estimates = np.concatenate([
            _correlation(hamiltonian, velocity, vectors[:, start:start + block], energies,
                         num_moments, sample_bounds)
            for start in range(0, num_vectors, block)]) * (2 * np.pi**2 / volume)
        per_sample.append(estimates.mean(axis=0))
        per_vector.append(estimates - estimates.mean(axis=0))
    vector_error = chebyshev.pooled_vector_error(np.concatenate(per_vector), len(seeds))
    return KuboConductivity(energies, np.array(per_sample), np.mean(resolution, axis=0),
                            vector_error)
