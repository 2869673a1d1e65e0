"""Fits to the results of the closed-sample interaction numerics (`physics.interactions`).

* `decay_length`: least-squares decay length of a localized wave function;
* `fit_hopping_law`: ``ln R = c + (T0/T)^p`` of variable-range hopping;
* `power_law_exponent`: maximum-likelihood exponent of a level density ~ ``|E|^alpha``;
* `level_shift_fit`: the interaction shift of Hartree-Fock levels, Altshuler-Aronov form;
* `fit_friedel_envelope`: decay length of disorder-averaged Friedel oscillations,
  with `radial_average` (annular bins);
* `fit_damped_response`: amplitude and decay length of a disorder-averaged real response
  (the RKKY range function) against a clean reference, ``<chi> = A chi_ref exp(-r/l)``.

They are also attributes of the modules whose results they fit
(`physics.hopping`, `physics.tunneling_dos`, `physics.screening`).  Units:
lengths in lattice constants, energies and temperatures in t (k_B = 1), as the
data given.  This module depends on numpy and scipy only.
"""

import numpy as np
import scipy.optimize

from devices.validation import (check_count, check_nonnegative, check_positive, check_real,
                                check_real_array)

__all__ = ["decay_length", "fit_hopping_law", "power_law_exponent", "level_shift_fit",
           "fit_friedel_envelope", "fit_damped_response", "radial_average"]


def _window(name, window, open_low=False):
    """(low, high) with 0 <= low < high (0 < low with ``open_low``)."""
    low, high = (check_real(name, value) for value in window)
    if not (0 < low if open_low else 0 <= low) or not low < high:
        raise ValueError(f"{name} must be (low, high) with {'0 <' if open_low else '0 <='} "
                         f"low < high, got {window!r}")
    return low, high


def decay_length(amplitudes, positions, centre=None, depth=25.0):
    """Decay length xi of ``|psi(r)| ~ exp(-|r - centre| / xi)`` by least squares.

    ``ln|psi_i|`` is fitted by ``a - d_i / xi`` over all sites i whose amplitude
    is within ``exp(-depth)`` of the largest one (below that, eigenvector
    components are rounding noise), with d_i the distance from ``centre``.

    Parameters
    ----------
    amplitudes : array_like, shape (n,)
        ``|psi|`` on each site (any normalization).
    positions : array_like, shape (n, d)
        Site positions (lattice constants).
    centre : array_like, shape (d,), optional
        Default: the ``|psi|^2``-weighted mean position.
    depth : float
        Natural-log range of amplitudes used in the fit, > 0.

    Returns
    -------
    float
        xi in lattice constants; ``inf`` if ``ln|psi|`` does not decrease.
    """
    amplitudes = np.abs(np.asarray(amplitudes, dtype=float))
    positions = check_real_array("positions", positions, ndim=2)
    if len(positions) != len(amplitudes):
        raise ValueError(f"positions must have {len(amplitudes)} rows, got {len(positions)}")
    depth = check_positive("depth", depth)
    if amplitudes.ndim != 1 or not np.any(amplitudes > 0):
        raise ValueError("amplitudes must be a 1-D array with a non-zero entry")
    weights = amplitudes**2
    if centre is None:
        centre = weights @ positions / weights.sum()
    distance = np.linalg.norm(positions - np.asarray(centre, dtype=float), axis=1)
    keep = amplitudes > amplitudes.max() * np.exp(-depth)
    if keep.sum() < 3:
        raise ValueError("fewer than 3 sites above the amplitude floor: increase depth")
    d, y = distance[keep], np.log(amplitudes[keep])
    d_mean = d.mean()
    slope = np.dot(d - d_mean, y - y.mean()) / np.dot(d - d_mean, d - d_mean)
    return float(-1.0 / slope) if slope < 0 else np.inf


def fit_hopping_law(temperatures, log_resistances, exponent=None):
    """Fit ``ln R = c + (T0 / T)^p`` by least squares.

    Parameters
    ----------
    temperatures : array_like, shape (n,)
        k_B T > 0 (energy) of one sample: at least 4 points, or 3 with ``exponent``.
    log_resistances : array_like, shape (n,)
        ln(R G0) at those temperatures.
    exponent : float, optional
        Fix p > 0 (e.g. 1/3 or 1/2) and fit only c and T0 (then linear in T^-p).

    Returns
    -------
    dict
        ``p`` (dimensionless), ``T0`` (the unit of ``temperatures``) and ``c``
        (the unit of ``log_resistances``).  p is found by minimizing the residual
        of the linear fit in T^-p over p in [0.05, 1.5].
    """
    t = check_real_array("temperatures", temperatures, minimum=0.0, strict=True, ndim=1)
    y = check_real_array("log_resistances", log_resistances, ndim=1)
    if t.shape != y.shape:
        raise ValueError(f"temperatures and log_resistances must have the same shape, "
                         f"got {t.shape} and {y.shape}")

    def linear(p):
        x = t**-p
        slope, intercept = np.polyfit(x, y, 1)
        return slope, intercept, np.sum((slope * x + intercept - y)**2)

    if exponent is not None:
        p = check_positive("exponent", exponent)
        if len(t) < 3:
            raise ValueError("need at least 3 temperatures")
        slope, intercept, _ = linear(p)
    else:
        if len(t) < 4:
            raise ValueError("need at least 4 temperatures")
        p = scipy.optimize.minimize_scalar(lambda q: linear(q)[2], bounds=(0.05, 1.5),
                                           method="bounded",
                                           options=dict(xatol=1e-6)).x
        slope, intercept, _ = linear(p)
    if slope <= 0:
        raise ValueError("ln R does not grow with 1/T: no hopping law to fit")
    return dict(p=float(p), T0=float(slope**(1 / p)), c=float(intercept))


def power_law_exponent(energies, window):
    """Maximum-likelihood exponent alpha of a density ~ ``|E|^alpha`` within a window.

    Parameters
    ----------
    energies : array_like
        Levels measured from E_F (t), pooled over samples.
    window : (float, float)
        Range ``lo < |E| < hi`` used (t), 0 <= lo < hi.

    Returns
    -------
    alpha, error, count : float, float, int
        alpha (dimensionless), its error from the Fisher information, and the
        number of levels used (at least 5).
    """
    low, high = _window("window", window)
    x = np.abs(check_real_array("energies", energies))
    x = x[(x > low) & (x < high)] / high
    if x.size < 5:
        raise ValueError(f"window {window!r} holds only {x.size} levels")
    r = low / high
    mean_log = np.log(x).mean()

    # Truncated power law p(x) = (a+1) x^a / (1 - r^(a+1)) on [r, 1].
    def score(a):
        s = a + 1
        tail = r**s * np.log(r) / (1 - r**s) if r > 0 else 0.0
        return 1 / s + mean_log + tail

    alpha = scipy.optimize.brentq(score, -0.99, 20.0)
    step = 1e-4
    information = -(score(alpha + step) - score(alpha - step)) / (2 * step) * x.size
    return alpha, 1 / np.sqrt(information), int(x.size)


def level_shift_fit(interacting, noninteracting, window):
    """Fit the interaction shift of each level: ``s(x) = p x ln|x| + q x + r sign(x)``.

    Level n of a Hartree-Fock result is paired with level n of the
    non-interacting result of the same realization (both sorted, same
    electron number, so the Fermi index agrees); x = e0_n - E_F0 and
    s = (e_n - E_F) - x.  To first order the DOS is nu0 / (1 + ds/dx), so

        nu / nu0 - 1 = -ds/dx = A ln|x| + const,   A = -p,

    the Altshuler-Aronov form (`physics.theory.altshuler_aronov_log`) without the
    noise of a ratio of two broadened densities; q (a uniform change of the level
    velocity, e.g. the exchange widening of the band) and r (half the extra
    gap between the highest occupied and the lowest empty level: the charging
    and self-exchange energy of a closed box) do not change the DOS away from E_F.

    Parameters
    ----------
    interacting, noninteracting : sequence of HartreeFockResult
        The same realizations in the same order (objects with ``levels`` (t),
        ``fermi_energy`` (t) and ``electrons``).
    window : (float, float)
        ``|x|`` range (t) of the fit, 0 < low < high; at least 6 levels per sample.

    Returns
    -------
    numpy.ndarray, shape (n_samples, 3)
        (A, q, r) per sample (A = -p, in units of 1; q dimensionless; r in t).
    """
    low, high = _window("window", window, open_low=True)
    if len(interacting) != len(noninteracting):
        raise ValueError("interacting and noninteracting must hold the same realizations")
    rows = []
    for one, zero in zip(interacting, noninteracting):
        if one.levels.shape != zero.levels.shape or abs(one.electrons - zero.electrons) > 1e-6:
            raise ValueError("paired results must have the same levels count and electrons")
        x = zero.levels - zero.fermi_energy
        s = (one.levels - one.fermi_energy) - x
        inside = (np.abs(x) > low) & (np.abs(x) < high)
        if inside.sum() < 6:
            raise ValueError(f"window {window!r} holds fewer than 6 levels of a sample")
        x, s = x[inside], s[inside]
        design = np.c_[x * np.log(np.abs(x)), x, np.sign(x)]
        p, q, r = np.linalg.lstsq(design, s, rcond=None)[0]
        rows.append((-p, q, r))
    return np.array(rows)


def fit_friedel_envelope(green_changes, clean_change, distance, bin_edges, *, n_blocks=10,
                         min_distance=3.0):
    """Decay length l of averaged Friedel oscillations: ``|<dG> / dG_clean|^2 ~ exp(-2 s / l)``.

    Parameters
    ----------
    green_changes : (n_samples, n_sites) complex array
        `physics.screening.point_scatterer_green_change` (1/t) of independent realizations.
    clean_change : (n_sites,) complex array
        The same for the infinite clean lattice at the same energy and broadening
        (`physics.theory.clean_point_scatterer_green_change`, 1/t): dividing by it
        removes the 1/r amplitude, the lattice anisotropy and the decay
        ``exp(-2 eta r / v)`` due to the broadening.
    distance : (n_sites,) array
        Distance to the scatterer (a), usually `physics.theory.friedel_scaled_distance`.
    bin_edges : array
        Radial bins of ``distance`` (a).
    n_blocks : int
        Jackknife blocks (over samples) for the errors, >= 2; needs at least
        ``2 n_blocks`` samples.
    min_distance : float
        Bins closer than this (a) are left out (near field).

    Returns
    -------
    dict
        ``decay_length`` (l, same unit as ``distance``) and its jackknife
        ``error``; ``radii``, ``envelope`` (binned ``|<dG>/dG_clean|^2``),
        ``envelope_error``, ``fitted`` (bool mask of the bins used) and
        ``amplitude`` (the fitted envelope at s = 0).  Fit: weighted least
        squares of ``A exp(-2 s / l)`` to the binned envelope (all bins, so
        noisy far bins weigh little and none is selected by hand).

    Notes
    -----
    ``|<R>|^2`` is estimated without the noise bias ``var R / n`` as
    ``Re(<R>_even conj <R>_odd)`` from the even and odd samples.
    """
    n_blocks = check_count("n_blocks", n_blocks, minimum=2)
    min_distance = check_nonnegative("min_distance", min_distance)
    ratios = np.asarray(green_changes) / np.asarray(clean_change)
    n_samples = ratios.shape[0]
    if ratios.ndim != 2 or n_samples < 2 * n_blocks:
        raise ValueError(f"green_changes needs at least 2 n_blocks = {2 * n_blocks} samples, "
                         f"got shape {ratios.shape}")
    positions = np.column_stack([np.asarray(distance, dtype=float), np.zeros(ratios.shape[1])])

    def envelope(rows):
        cross = np.real(rows[0::2].mean(axis=0) * np.conj(rows[1::2].mean(axis=0)))
        return radial_average(positions, (0.0, 0.0), cross, bin_edges)[:2]

    radii, full = envelope(ratios)
    blocks = []
    for k in range(n_blocks):
        keep = np.ones(n_samples, dtype=bool)
        keep[k::n_blocks] = False
        blocks.append(envelope(ratios[keep])[1])
    blocks = np.array(blocks)
    error = np.sqrt((n_blocks - 1) / n_blocks * np.sum((blocks - blocks.mean(axis=0)) ** 2,
                                                       axis=0))
    fitted = (radii >= min_distance) & np.isfinite(full) & (error > 0)
    if fitted.sum() < 3:
        raise ValueError("fewer than 3 bins beyond min_distance: widen bin_edges")

    def fit(values):
        start = (np.log(max(values[fitted][0], 1e-3)), 10.0)
        (log_amplitude, length), _ = scipy.optimize.curve_fit(
            lambda s, a, l: np.exp(a - 2 * s / l), radii[fitted], values[fitted], p0=start,
            sigma=error[fitted], absolute_sigma=True, maxfev=10000)
        return length, np.exp(log_amplitude)

    length, amplitude = fit(full)
    jack = np.array([fit(b)[0] for b in blocks])
    length_error = np.sqrt((n_blocks - 1) / n_blocks * np.sum((jack - jack.mean()) ** 2))
    return dict(decay_length=length, error=length_error, radii=radii, envelope=full,
                envelope_error=error, fitted=fitted, amplitude=amplitude)


def fit_damped_response(distance, samples, reference, n_blocks=8, fit_range=None):
    """Fit ``<chi>(r) = A chi_ref(r) exp(-r / l)`` to disorder samples of a real response.

    The disorder average of a product of two Green functions from the same point (the
    RKKY range function, docs/theory/kubo.md#static-susceptibility-and-the-rkky-range-function)
    is the clean one at the Born-shifted energy, damped by ``exp(-r/l)``.  The reference
    carries the oscillation, so the fit needs no model of it and no division by its nodes.

    Parameters
    ----------
    distance : (n_points,) array_like of float
        r (a) of each point.
    samples : (n_samples, n_points) array_like of float
        The response of independent realizations (any unit; several equivalent points of one
        sample may be averaged beforehand).
    reference : (n_points,) array_like of float
        chi_ref(r), same unit (the clean response at the shifted chemical potential).
    n_blocks : int
        Jackknife blocks over samples (>= 2; at least 2 n_blocks samples).
    fit_range : (float, float), optional
        Points with low <= r <= high are fitted (all by default).

    Returns
    -------
    dict
        ``amplitude`` A and ``decay_length`` l (a) with their jackknife errors
        ``amplitude_error``, ``error``; ``mean`` and ``mean_error`` of the samples
        (per point); ``fitted`` (bool mask).  Weighted least squares with the standard
        error of the mean as the weight of each point.
    """
    n_blocks = check_count("n_blocks", n_blocks, minimum=2)
    distance = check_real_array("distance", distance)
    samples = np.asarray(samples, dtype=float)
    reference = np.asarray(reference, dtype=float)
    if samples.ndim != 2 or samples.shape[1] != distance.size or reference.shape != distance.shape:
        raise ValueError(f"samples must have shape (n_samples, {distance.size}) and reference "
                         f"shape ({distance.size},), got {samples.shape} and {reference.shape}")
    if samples.shape[0] < 2 * n_blocks:
        raise ValueError(f"samples needs at least 2 n_blocks = {2 * n_blocks} realizations, "
                         f"got {samples.shape[0]}")
    low, high = (distance.min(), distance.max()) if fit_range is None else _window(
        "fit_range", fit_range)
    fitted = (distance >= low) & (distance <= high)
    if fitted.sum() < 3:
        raise ValueError(f"fewer than 3 points with {low:g} <= r <= {high:g}: widen fit_range")
    mean_error = samples.std(axis=0, ddof=1) / np.sqrt(samples.shape[0])
    weight = 1 / np.maximum(mean_error, 1e-12 * np.abs(reference).max())
    start = (1.0, float(np.median(distance[fitted])))

    def fit(rows):
        residual = lambda p: ((rows.mean(axis=0) - p[0] * reference * np.exp(-distance / p[1]))
                              * weight)[fitted]
        return scipy.optimize.least_squares(residual, start, bounds=([-np.inf, 1e-3],
                                                                     np.inf)).x

    amplitude, length = fit(samples)
    jack = np.array([fit(np.delete(samples, slice(k, None, n_blocks), axis=0))
                     for k in range(n_blocks)])
    error = np.sqrt((n_blocks - 1) / n_blocks * np.sum((jack - jack.mean(axis=0)) ** 2, axis=0))
    return dict(amplitude=amplitude, amplitude_error=error[0], decay_length=length,
                error=error[1], mean=samples.mean(axis=0), mean_error=mean_error,
                fitted=fitted)


def radial_average(positions, center, values, bin_edges):
    """Average of ``values`` over sites in annuli ``bin_edges[k] <= |r - center| < bin_edges[k+1]``.

    Parameters
    ----------
    positions : (n, d) array_like of float
        Site positions (a).
    center : (d,) array_like of float
        Centre of the annuli (a).
    values : (n,) array_like, real or complex
        One value per site (any unit).
    bin_edges : 1D array_like of float
        Increasing radii (a), at least two.

    Returns
    -------
    radii, averages, counts : numpy.ndarray
        Mean distance (a), mean value (unit of ``values``; NaN for empty bins) and
        number of sites per bin.
    """
    positions = np.asarray(positions, dtype=float)
    distance = np.linalg.norm(positions - np.asarray(center, dtype=float), axis=1)
    values = np.asarray(values)
    edges = np.asarray(bin_edges, dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bin_edges must be an increasing 1D array of at least two edges")
    index = np.digitize(distance, edges) - 1
    inside = (index >= 0) & (index < len(edges) - 1)
    counts = np.bincount(index[inside], minlength=len(edges) - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        radii = np.bincount(index[inside], distance[inside], minlength=len(edges) - 1) / counts
        if np.iscomplexobj(values):
            sums = (np.bincount(index[inside], values[inside].real, minlength=len(edges) - 1)
                    + 1j * np.bincount(index[inside], values[inside].imag,
                                       minlength=len(edges) - 1))
        else:
            sums = np.bincount(index[inside], values[inside], minlength=len(edges) - 1)
        averages = sums / counts
    return radii, averages, counts
