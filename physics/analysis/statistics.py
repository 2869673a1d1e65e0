"""Ensemble statistics with error bars: mean, variance, <ln g>, correlations, histograms.

All functions take an `xarray.DataArray` and reduce over the ``seed``
dimension unless told otherwise.  Error bars of non-linear statistics come
from a bootstrap over seeds with a fixed resampling seed, so they are
reproducible.
"""

import numpy as np

__all__ = ["mean", "variance", "mean_log", "bootstrap", "jackknife", "autocorrelation",
           "correlation_length", "plot_histogram"]


def bootstrap(values, statistic, dim="seed", n_resamples=1000, rng_seed=0):
    """Standard error of ``statistic(values, dim)`` from resampling along ``dim``.

    Parameters
    ----------
    values : xarray.DataArray
    statistic : callable
        ``statistic(DataArray, dim) -> DataArray``.
    dim : str
        Dimension of independent samples.
    n_resamples : int
        Bootstrap resamples; the error of the error is ~ 1/sqrt(2 n_resamples).
    rng_seed : int
        Seed of the resampling (results are reproducible).

    Returns
    -------
    xarray.DataArray
    """
    import xarray as xr
    rng = np.random.default_rng(rng_seed)
    n = values.sizes[dim]
    if n < 2:
        raise ValueError(f"bootstrap needs at least 2 samples along {dim!r}, got {n}")
    draws = [statistic(values.isel({dim: rng.integers(0, n, n)}), dim)
             for _ in range(n_resamples)]
    return xr.concat(draws, dim="resample").std("resample", ddof=1)


def jackknife(estimator, *samples):
    """Delete-one jackknife: ``(estimate, standard error)`` of ``estimator(*samples)``.

    For fits to ensemble averages (e.g. a magnetoconductance curve): the points
    of a curve share its samples, so a fit's own error (independent points) is
    not the error of its parameters; the jackknife over samples is.

    Parameters
    ----------
    estimator : callable
        ``estimator(*samples) -> float or array``.
    *samples : array_like
        Arrays whose first axis is the sample (seed) axis, all of the same length
        n >= 2; sample i is deleted from every array together (independent
        ensembles of equal size are resampled as pairs).

    Returns
    -------
    estimate, error : numpy.ndarray
        ``estimator`` of all samples and sqrt((n-1)/n sum_i (theta_i - mean)^2).
    """
    samples = [np.asarray(s) for s in samples]
    if not samples:
        raise ValueError("jackknife needs at least one array of samples")
    n = len(samples[0])
    if n < 2 or any(len(s) != n for s in samples):
        raise ValueError(f"jackknife needs arrays of equal length >= 2 along the sample "
                         f"axis, got lengths {[len(s) for s in samples]}")
    estimate = np.asarray(estimator(*samples), dtype=float)
    leave_one_out = np.array([estimator(*(np.delete(s, i, axis=0) for s in samples))
                              for i in range(n)], dtype=float)
    spread = np.sum((leave_one_out - leave_one_out.mean(axis=0)) ** 2, axis=0)
    return estimate, np.sqrt((n - 1) / n * spread)


def mean(values, dim="seed"):
    """Mean and its standard error sigma/sqrt(n): ``(mean, error)``.

    NaN entries (seeds not computed yet, or damaged in a store) are left out of the
    mean, the spread and the count n alike.
    """
    n = values.notnull().sum(dim)
    return values.mean(dim), values.std(dim, ddof=1) / np.sqrt(n)


def variance(values, dim="seed", n_resamples=1000, rng_seed=0):
    """Unbiased variance and its bootstrap standard error: ``(var, error)``.

    For Gaussian samples the error is var * sqrt(2/(n-1)).
    """
    def statistic(v, d):
        return v.var(d, ddof=1)
    return statistic(values, dim), bootstrap(values, statistic, dim, n_resamples, rng_seed)


def mean_log(values, dim="seed"):
    """<ln g> and its standard error (localization: <ln g> = -2L/xi)."""
    return mean(np.log(values), dim)


def autocorrelation(values, along, dim="seed"):
    """Normalized correlation function F(d) = <dg(X) dg(X+d)> / <dg^2> along a swept axis.

    ``dg`` is the deviation from the ensemble mean at each X; the average runs
    over seeds and over X.  Used for UCF correlation fields and energies.

    Returns
    -------
    xarray.DataArray with dimension ``lag_<along>`` (shift in units of the coordinate).
    """
    import xarray as xr
    deviation = values - values.mean(dim)
    axis = deviation.get_axis_num(along)
    data = np.moveaxis(deviation.values, axis, -1)
    n = data.shape[-1]
    norm = np.mean(data * data)
    corr = np.array([np.mean(data[..., : n - k] * data[..., k:]) for k in range(n)]) / norm
    coordinate = values[along].values
    return xr.DataArray(corr, dims=[f"lag_{along}"],
                        coords={f"lag_{along}": coordinate - coordinate[0]})


def correlation_length(correlation):
    """Half-width: the first lag at which the correlation function drops to 1/2 (linear interpolation)."""
    lags = correlation[correlation.dims[0]].values
    values = correlation.values
    below = np.nonzero(values < 0.5)[0]
    if below.size == 0:
        return np.nan
    k = below[0]
    return float(lags[k - 1] + (0.5 - values[k - 1]) * (lags[k] - lags[k - 1])
                 / (values[k] - values[k - 1]))


def plot_histogram(values, theory=None, ax=None, bins=30, label="simulation", theory_label="theory"):
    """Normalized histogram of samples with an optional theory density ``theory(x)`` overlaid."""
    from ..plotting import get_axes
    ax = get_axes(ax)
    samples = np.asarray(values).ravel()
    samples = samples[np.isfinite(samples)]
    ax.hist(samples, bins=bins, density=True, alpha=0.6, label=f"{label} (n={samples.size})")
    if theory is not None:
        x = np.linspace(samples.min(), samples.max(), 400)
        ax.plot(x, theory(x), "k-", label=theory_label)
    ax.set_ylabel("probability density")
    ax.legend()
    return ax
