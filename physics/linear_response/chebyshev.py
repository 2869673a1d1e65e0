"""The kernel polynomial method: spectral functions of large sparse Hamiltonians.

A function of the Hamiltonian applied to a block of vectors, ``delta(E - H) V``, is
expanded in Chebyshev polynomials of the rescaled ``H~ = (H - centre) / half_width``,
whose spectrum lies in (-1, 1); the truncated series is damped by the Jackson kernel
``g_m`` so that the broadened delta function is positive with a nearly Gaussian width
(Weisse, Wellein, Alvermann and Fehske, Rev. Mod. Phys. 78, 275 (2006);
docs/theory/kubo.md#the-kernel-polynomial-method).  The recursion
``T_{m+1}(H~) V = 2 H~ T_m(H~) V - T_{m-1}(H~) V`` costs one sparse product per moment;
the vectors at the requested energies are accumulated in batches of moments with one
dense matrix product each, so memory is ``(energies + batch) x size x block``
numbers, never ``moments x size``.

Energies in the units of the matrix (t for the project's devices).
"""

import numpy as np
import scipy.sparse

from devices.validation import check_count, check_real_array

__all__ = ["spectral_bounds", "jackson_kernel", "kernel_resolution", "delta_coefficients",
           "step_coefficients", "green_coefficients", "delta_vectors", "step_vectors",
           "green_vectors", "expand_columns",
           "random_phase_vectors", "pooled_vector_error", "sample_error", "density_of_states"]

#: Fraction by which the spectral interval is widened beyond the Gershgorin bounds, so
#: that the rescaled spectrum stays inside (-1, 1) where the series converges.
BOUND_PADDING = 0.01
#: Largest memory (bytes) the batch of stored Chebyshev vectors may take.
BATCH_MEMORY = 256 * 2**20


def spectral_bounds(matrix):
    """An interval (low, high) holding the whole spectrum of a Hermitian ``matrix``.

    Gershgorin's discs (exact bounds, no eigensolver, deterministic) widened by
    `BOUND_PADDING` of their width.
    """
    matrix = scipy.sparse.csr_matrix(matrix)
    diagonal = matrix.diagonal().real
    radius = np.asarray(abs(matrix).sum(axis=1)).ravel() - np.abs(matrix.diagonal())
    low, high = float(np.min(diagonal - radius)), float(np.max(diagonal + radius))
    pad = BOUND_PADDING * max(high - low, 1e-12)
    return low - pad, high + pad


def jackson_kernel(num_moments):
    """Jackson damping factors g_m, m = 0 .. num_moments - 1 (g_0 = 1)."""
    n = check_count("num_moments", num_moments, 2)
    m = np.arange(n)
    q = np.pi / (n + 1)
    return ((n - m + 1) * np.cos(q * m) + np.sin(q * m) / np.tan(q)) / (n + 1)


def _rescale(energies, bounds):
    low, high = bounds
    centre, half = (high + low) / 2, (high - low) / 2
    x = (np.asarray(energies, dtype=float) - centre) / half
    if np.any(np.abs(x) >= 1):
        raise ValueError(f"energies must lie inside the spectral bounds ({low:.6g}, {high:.6g}), "
                         f"got {np.asarray(energies)[np.abs(x) >= 1]}")
    return x, centre, half


def kernel_resolution(energies, num_moments, bounds):
    """Standard deviation (energy units) of the Jackson-broadened delta function at ``energies``.

    Exact for the truncated series: from Chebyshev orthogonality the broadened
    ``delta(x - x0)`` has ``<1> = g_0``, ``<x> = g_1 x0`` and
    ``<x^2> = (g_0 + g_2 T_2(x0)) / 2``, so the variance about x0 is
    ``(1 + g_2 (2 x0^2 - 1)) / 2 - 2 g_1 x0^2 + x0^2`` in rescaled units
    (about ``(pi / N)^2 (1 - x0^2)`` at the centre of the band).
    """
    x, _, half = _rescale(check_real_array("energies", energies), bounds)
    g = jackson_kernel(num_moments)
    variance = (1 + g[2] * (2 * x**2 - 1)) / 2 - 2 * g[1] * x**2 + x**2
    return half * np.sqrt(variance)


def delta_coefficients(energies, num_moments, bounds):
    """Coefficients c_m(E) of ``delta(E - H) = sum_m c_m(E) T_m(H~)`` with the Jackson kernel.

    Returns an array (len(energies), num_moments), in inverse energy units.
    """
    x, _, half = _rescale(check_real_array("energies", energies, ndim=1), bounds)
    g = jackson_kernel(num_moments)
    m = np.arange(len(g))
    weights = np.where(m == 0, 1.0, 2.0) * g
    chebyshev = np.cos(np.outer(np.arccos(x), m))
    return weights * chebyshev / (np.pi * half * np.sqrt(1 - x**2))[:, None]


def step_coefficients(energies, num_moments, bounds):
    """Coefficients c_m(E) of the Fermi projector ``theta(E - H) = sum_m c_m(E) T_m(H~)``
    (zero temperature, Jackson kernel): ``c_0 = 1 - theta_E / pi`` and
    ``c_m = -2 g_m sin(m theta_E) / (m pi)`` with ``theta_E = arccos(E~)``, the integral of
    the delta function's series from the bottom of the interval.  Dimensionless, shape
    (len(energies), num_moments).
    """
    x, _, _ = _rescale(check_real_array("energies", energies, ndim=1), bounds)
    g = jackson_kernel(num_moments)
    m = np.arange(1, len(g))
    theta = np.arccos(x)
    coefficients = np.empty((len(x), len(g)))
    coefficients[:, 0] = 1 - theta / np.pi
    coefficients[:, 1:] = -2 * g[1:] * np.sin(np.outer(theta, m)) / (m * np.pi)
    return coefficients


def green_coefficients(energies, num_moments, bounds):
    """Coefficients c_m(E) of the retarded Green function ``G(E + i0) = sum_m c_m T_m(H~)``
    (Jackson kernel): ``-i (2 - delta_m0) g_m exp(-i m theta_E) / (half sqrt(1 - E~^2))``,
    whose imaginary part is -pi times `delta_coefficients` (the real part is its Hilbert
    transform).  Complex, shape (len(energies), num_moments), in inverse energy units.
    """
    x, _, half = _rescale(check_real_array("energies", energies, ndim=1), bounds)
    g = jackson_kernel(num_moments)
    m = np.arange(len(g))
    weights = np.where(m == 0, 1.0, 2.0) * g
    phases = np.exp(-1j * np.outer(np.arccos(x), m))
    return -1j * weights * phases / (half * np.sqrt(1 - x**2))[:, None]


def _scaled(matrix, bounds):
    """The sparse ``H~ = (H - centre) / half_width`` (complex CSR) and the bounds used."""
    matrix = scipy.sparse.csr_matrix(matrix)
    size = matrix.shape[0]
    if matrix.shape != (size, size):
        raise ValueError(f"matrix must be square, got shape {matrix.shape}")
    bounds = spectral_bounds(matrix) if bounds is None else tuple(bounds)
    low, high = bounds
    centre, half = (high + low) / 2, (high - low) / 2
    scaled = (matrix - centre * scipy.sparse.identity(size, format="csr")) / half
    return scipy.sparse.csr_matrix(scaled, dtype=complex), bounds


def _block(vectors, size):
    block = np.asarray(vectors, dtype=complex)
    if block.shape[0] != size or block.ndim not in (1, 2):
        raise ValueError(f"vectors must have {size} rows (the matrix size), got shape "
                         f"{np.shape(vectors)}")
    return np.ascontiguousarray(block.reshape(size, -1))


def _chebyshev_series(scaled, block):
    """Yield T_m(H~) block for m = 0, 1, 2, ... (one sparse product each; the yielded
    array is overwritten two steps later)."""
    previous, current = block, scaled @ block
    yield previous
    while True:
        yield current
        following = scaled @ current
        following *= 2
        following -= previous
        previous, current = current, following


def _batch_size(rows, columns, num_moments):
    per_moment = 16 * rows * columns
    return int(max(1, min(num_moments, BATCH_MEMORY // per_moment, 128)))


def delta_vectors(matrix, vectors, energies, num_moments, bounds=None):
    """``delta(E - H) V`` for every E in ``energies`` (Jackson-broadened KPM).

    Parameters
    ----------
    matrix : scipy.sparse matrix, shape (n, n)
        Hermitian Hamiltonian.
    vectors : numpy.ndarray, shape (n,) or (n, k)
        The block V.
    energies : array_like, shape (n_E,)
        Energies (units of ``matrix``) inside ``bounds``.
    num_moments : int
        Chebyshev moments N; the resolution is `kernel_resolution` (~ pi half_width / N).
    bounds : (float, float), optional
        Interval holding the spectrum; `spectral_bounds` by default.

    Returns
    -------
    numpy.ndarray, shape (n_E, n, k) (or (n_E, n) for a single vector), complex
    """
    scaled, bounds = _scaled(matrix, bounds)
    _block(vectors, scaled.shape[0])  # the shape error before the energies' one
    return _expand(scaled, vectors, delta_coefficients(energies, num_moments, bounds))


def step_vectors(matrix, vectors, energies, num_moments, bounds=None):
    """``theta(E - H) V`` (the Fermi projector at zero temperature, Jackson-smoothed over
    the resolution `kernel_resolution`) for every E in ``energies``.  Parameters and
    result as `delta_vectors` (dimensionless coefficients: the result has the units of V).
    """
    scaled, bounds = _scaled(matrix, bounds)
    _block(vectors, scaled.shape[0])  # the shape error before the energies' one
    return _expand(scaled, vectors, step_coefficients(energies, num_moments, bounds))


def green_vectors(matrix, vectors, energies, num_moments, bounds=None):
    """``G(E + i0) V`` for every E in ``energies`` (Jackson-broadened KPM; the broadening
    is `kernel_resolution`).  Parameters and result as `delta_vectors`; ``G(E - i0) V`` is
    the same series with the conjugate coefficients (`green_coefficients`)."""
    scaled, bounds = _scaled(matrix, bounds)
    _block(vectors, scaled.shape[0])
    return _expand(scaled, vectors, green_coefficients(energies, num_moments, bounds))


def _expand(scaled, vectors, coefficients):
    """``sum_m coefficients[e, m] T_m(H~) V`` for every row e, shape (n_E, n, k)."""
    if np.iscomplexobj(coefficients):  # real and imaginary rows on one series
        both = _expand(scaled, vectors, np.concatenate([coefficients.real, coefficients.imag]))
        return both[:len(coefficients)] + 1j * both[len(coefficients):]
    size = scaled.shape[0]
    single = np.ndim(vectors) == 1
    block = _block(vectors, size)
    num_moments = coefficients.shape[1]
    batch = _batch_size(size, block.shape[1], num_moments)
    # The coefficients are real: accumulate on the real view of the complex vectors (a
    # real matrix product, half the work of a complex one).
    result = np.zeros((len(coefficients), 2 * size * block.shape[1]))
    stored = np.empty((batch, 2 * size * block.shape[1]))
    filled = first = 0
    for m, current in zip(range(num_moments), _chebyshev_series(scaled, block)):
        stored[filled] = np.ascontiguousarray(current).ravel().view(float)
        filled += 1
        if filled == batch or m == num_moments - 1:
            result += coefficients[:, first:first + filled] @ stored[:filled]
            first, filled = m + 1, 0
    result = result.view(complex).reshape(len(coefficients), size, block.shape[1])
    return result[:, :, 0] if single else result


def expand_columns(matrix, vectors, coefficients, bounds):
    """``sum_m coefficients[j, m] T_m(H~) v_j`` for each column v_j of ``vectors``: a
    different function of H on every column (e.g. the Fermi projector at the column's own
    energy), one sparse product of the whole block per moment.

    Parameters
    ----------
    matrix : scipy.sparse matrix, shape (n, n)
    vectors : numpy.ndarray, shape (n, k)
    coefficients : numpy.ndarray, shape (k, N)
        Chebyshev coefficients of each column's function (`delta_coefficients`,
        `step_coefficients`) on ``bounds``.
    bounds : (float, float)
        The interval the coefficients were computed on.

    Returns
    -------
    numpy.ndarray, shape (n, k), complex
    """
    scaled, _ = _scaled(matrix, bounds)
    block = _block(vectors, scaled.shape[0])
    coefficients = np.asarray(coefficients, dtype=float)
    if coefficients.ndim != 2 or coefficients.shape[0] != block.shape[1]:
        raise ValueError(f"coefficients must have one row per column ({block.shape[1]}), got "
                         f"shape {coefficients.shape}")
    # Real views: each column's real and imaginary parts take the same coefficient.
    result = np.zeros_like(block)
    total, term = result.view(float), np.empty(2 * block.size).reshape(block.shape[0], -1)
    doubled = np.repeat(coefficients, 2, axis=0)
    for m, current in zip(range(coefficients.shape[1]), _chebyshev_series(scaled, block)):
        np.multiply(current.view(float), doubled[:, m], out=term)
        total += term
    return result


def random_phase_vectors(size, count, seed):
    """``count`` vectors of unit-modulus random phases (shape (size, count)): the
    stochastic trace ``Tr A ~ mean_r <r|A|r>`` is unbiased with them; row i of vector j
    depends on (seed, j, i) only, so it does not change with ``count``."""
    size, count = check_count("size", size), check_count("count", count)
    phases = np.empty((size, count))
    for j in range(count):
        phases[:, j] = np.random.default_rng([seed, j]).random(size)
    return np.exp(2j * np.pi * phases)


def pooled_vector_error(deviations, num_groups):
    """Standard error of a mean over random vectors from their deviations.

    ``deviations`` (shape (k, ...)) are each vector's estimate minus the mean of its
    group (one group per disorder sample, ``num_groups`` in all); the pooled variance
    over ``k - num_groups`` degrees of freedom, divided by k.  NaN without a degree of
    freedom (one vector per sample).
    """
    deviations = np.asarray(deviations, dtype=float)
    dof = len(deviations) - num_groups
    if dof <= 0:
        return np.full(deviations.shape[1:], np.nan)
    return np.sqrt(np.sum(deviations**2, axis=0) / dof / len(deviations))


def sample_error(samples, fallback):
    """Standard error of the mean over the first axis of ``samples``: their spread for two
    or more rows (disorder samples, each with its own trace), else ``fallback`` (the one
    sample's stochastic-trace error; None gives NaN)."""
    samples = np.asarray(samples)
    n = len(samples)
    if n > 1:
        return samples.std(axis=0, ddof=1) / np.sqrt(n)
    return np.full(samples.shape[1:], np.nan) if fallback is None else fallback


def density_of_states(matrix, energies, num_moments, num_vectors=8, seed=0, bounds=None):
    """Density of states per orbital (1/energy) at ``energies``: ``Tr delta(E - H) / n``
    by the stochastic trace over ``num_vectors`` random-phase vectors.

    Returns
    -------
    mean, error : numpy.ndarray
        The estimate and its standard error over the vectors (zero for one vector).
    """
    size = matrix.shape[0]
    r = random_phase_vectors(size, check_count("num_vectors", num_vectors), seed)
    deltas = delta_vectors(matrix, r, energies, num_moments, bounds)
    samples = np.einsum("ij,eij->ej", r.conj(), deltas).real / size
    error = (samples.std(axis=1, ddof=1) / np.sqrt(num_vectors) if num_vectors > 1
             else np.zeros(len(samples)))
    return samples.mean(axis=1), error

