"""Static susceptibility chi(r, s) of large closed samples: the RKKY range function.

The static density response of non-interacting electrons to a potential at site s is,
per spin (docs/theory/kubo.md#static-susceptibility-and-the-rkky-range-function),

    chi(r, s) = sum_nm F(e_n, e_m) psi_n(r) psi_n(s)^* psi_m(s) psi_m(r)^*,
    F(a, b) = (f(a) - f(b)) / (a - b),   F(a, a) = f'(a),

so that dn(r) = chi(r, s) U for a potential energy U at s (chi(s, s) < 0).  The same
function of r is the RKKY range function: two local moments coupled to the spin density
by J_sd interact through J_sd^2 chi(r, s) (times a convention-dependent constant).

F is smooth at a temperature T > 0 and has a two-dimensional Chebyshev series,
``F(x, y) = sum_mn mu_mn T_m(x) T_n(y)`` (a 2D cosine transform on Chebyshev nodes), so
``chi(r, s) = sum_mn mu_mn [T_m(H~)]_rs [T_n(H~)]_rs^*``: one Chebyshev recursion from the
unit vector at s, stored only on the requested sites r, and an N x N contraction per site.
No kernel is needed: the series converges once N >> half-width / T.
"""

import functools
import warnings

import numpy as np
import scipy.fft
import scipy.sparse
import scipy.special

from devices.validation import check_count, check_positive, check_real

from . import chebyshev

__all__ = ["fermi_difference_coefficients", "static_susceptibility", "MOMENTS_PER_TEMPERATURE"]

#: Smallest num_moments * temperature / half-width for which the series of F has converged
#: (below it the result is wrong, with a warning naming the numbers).
MOMENTS_PER_TEMPERATURE = 4.0


@functools.lru_cache(maxsize=4)
def _coefficients(chemical_potential, temperature, num_moments, bounds):
    coefficients = fermi_difference_coefficients(chemical_potential, temperature, num_moments,
                                                 bounds)
    coefficients.flags.writeable = False
    return coefficients


def fermi_difference_coefficients(chemical_potential, temperature, num_moments, bounds):
    """Chebyshev coefficients mu_mn (1/energy) of F(a, b) = (f(a) - f(b)) / (a - b).

    Parameters
    ----------
    chemical_potential, temperature : float
        mu and k_B T (energy units of the bounds, t), T > 0.
    num_moments : int
        N: the coefficients are N x N (from 2N Chebyshev nodes per axis).
    bounds : (float, float)
        Interval of the expansion (the spectral bounds).

    Returns
    -------
    numpy.ndarray, shape (N, N), symmetric.
    """
    mu = check_real("chemical_potential", chemical_potential)
    temperature = check_positive("temperature", temperature)
    n = check_count("num_moments", num_moments, 2)
    low, high = bounds
    centre, half = (high + low) / 2, (high - low) / 2
    nodes = 2 * n
    energies = centre + half * np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes)
    occupation = scipy.special.expit(-(energies - mu) / temperature)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = (occupation[:, None] - occupation[None, :]) / (energies[:, None]
                                                                - energies[None, :])
    values[np.diag_indices(nodes)] = -occupation * (1 - occupation) / temperature
    # scipy's DCT-II is 2 sum_j F_j cos(pi m (j + 1/2) / M): the series' coefficients are
    # (2 - delta_m0) / M sum_j F_j T_m(x_j), i.e. the DCT / M with the m = 0 term halved.
    coefficients = scipy.fft.dctn(values, type=2) / nodes**2
    coefficients[0, :] /= 2
    coefficients[:, 0] /= 2
    return coefficients[:n, :n]


def static_susceptibility(sample, site, chemical_potential, temperature, num_moments, *,
                          sites=None, bounds=None, **params):
    """chi(r, s) (1/t per spin) of a closed sample at chemical potential mu and temperature T.

    Parameters
    ----------
    sample : devices.ClosedSample
        Spinless (one orbital per site).
    site : int
        Index s of the perturbed site (the first impurity), in the sample's site order.
    chemical_potential, temperature : float
        mu (t from the band bottom) and k_B T (t).
    num_moments : int
        N: needs N T / half-width >= `MOMENTS_PER_TEMPERATURE` (half-width ~ 4 t + W/2).
    sites : array_like of int, optional
        The sites r (all by default).
    bounds : (float, float), optional
        Spectral interval (t); Gershgorin bounds by default.
    **params
        Solve-time parameters (``disorder``, ``seed``, ``phi``, ...).

    Returns
    -------
    numpy.ndarray, shape (len(sites),), real.
    """
    if sample.norbs != 1:
        raise ValueError(f"static_susceptibility needs a spinless sample (norbs = 1), got "
                         f"norbs = {sample.norbs}")
    site = int(site)
    if not 0 <= site < sample.n_sites:
        raise ValueError(f"site must be in 0 .. {sample.n_sites - 1}, got {site!r}")
    sites = np.arange(sample.n_sites) if sites is None else np.asarray(sites, dtype=int)
    hamiltonian = scipy.sparse.csr_matrix(sample.hamiltonian(**params))
    bounds = chebyshev.spectral_bounds(hamiltonian) if bounds is None else tuple(bounds)
    half = (bounds[1] - bounds[0]) / 2
    n = check_count("num_moments", num_moments, 2)
    temperature = check_positive("temperature", temperature)
    if n * temperature / half < MOMENTS_PER_TEMPERATURE:
        warnings.warn(f"num_moments = {n} is too few for temperature = {temperature:g} t: the "
                      f"series of the Fermi difference needs num_moments >= "
                      f"{MOMENTS_PER_TEMPERATURE:g} x {half:.3g} / {temperature:g} = "
                      f"{MOMENTS_PER_TEMPERATURE * half / temperature:.0f}", stacklevel=2)
    # Cached: an ensemble on common bounds reuses them (the transform is ~N^2 log N).
    coefficients = _coefficients(float(chemical_potential), temperature, n,
                                 tuple(map(float, bounds)))
    # A real Hamiltonian (no field) keeps the recursion real: half the arithmetic.
    if not np.any(hamiltonian.data.imag):
        hamiltonian = hamiltonian.real
    dtype = hamiltonian.dtype
    start = np.zeros(sample.n_sites, dtype=dtype)
    start[site] = 1
    centre = (bounds[1] + bounds[0]) / 2
    scaled = scipy.sparse.csr_matrix(
        (hamiltonian - centre * scipy.sparse.identity(sample.n_sites, format="csr")) / half)
    rows = np.empty((n, len(sites)), dtype=dtype)  # [T_m(H~)]_rs on the requested sites
    previous, current = start, scaled @ start
    rows[0] = start[sites]
    for m in range(1, n):
        rows[m] = current[sites]
        previous, current = current, 2 * (scaled @ current) - previous
    return np.sum(rows * (coefficients @ rows.conj()), axis=0).real
