"""Measurements on ensembles: fits that turn simulated data into physical parameters.

Each function returns the value with its one-sigma statistical uncertainty.
"""

import numpy as np

from . import theory

__all__ = ["fit_mean_free_path", "fit_mean_free_path_and_offset", "fit_localization_length",
           "fit_coherent_wire_magnetoconductance", "fit_dephased_wire_magnetoconductance", "fit_hln", "diffusion_constant",
           "flux_harmonic", "pooled_fano_factor", "paired_difference"]


def _curve_fit(model, x, y, sigma, p0):
    from scipy.optimize import curve_fit
    popt, pcov = curve_fit(model, np.asarray(x, float), np.asarray(y, float), p0=p0,
                           sigma=np.asarray(sigma, float), absolute_sigma=True)
    residual = (np.asarray(y) - model(np.asarray(x, float), *popt)) / np.asarray(sigma)
    dof = max(len(x) - len(popt), 1)
    return popt, np.sqrt(np.diag(pcov)), float(np.sum(residual**2) / dof)


def fit_mean_free_path(lengths, mean_g, errors, n_channels, beta=1, degeneracy=1):
    """DMPK length l from <g>(L) = N/(1+L/l) + d(1-2/beta)/3 [1-(1+L/l)^-3] (THEORY §1-2).

    Returns ``(l, error, reduced chi^2)``.
    """
    def model(length, l):
        return theory.dmpk_mean_conductance(n_channels, length / l, beta, degeneracy)
    popt, perr, chi2 = _curve_fit(model, lengths, mean_g, errors, [np.mean(lengths) / 4])
    return popt[0], perr[0], chi2


def fit_mean_free_path_and_offset(lengths, mean_g, errors, n_channels):
    """Fit <g>(L) = N/(1+s) + delta [1 - (1+s)^-3], s = L/l: returns (l, dl, delta, ddelta, chi2)."""
    def model(length, l, delta):
        s = length / l
        return n_channels / (1 + s) + delta * (1 - (1 + s) ** -3)
    popt, perr, chi2 = _curve_fit(model, lengths, mean_g, errors, [np.mean(lengths) / 4, 0.0])
    return popt[0], perr[0], popt[1], perr[1], chi2


def fit_localization_length(lengths, mean_ln_g, errors):
    """xi from <ln g> = a - 2 L / xi (THEORY §2 convention): returns (xi, dxi, chi2)."""
    def model(length, a, slope):
        return a + slope * length
    popt, perr, chi2 = _curve_fit(model, lengths, mean_ln_g, errors, [0.0, -0.01])
    xi = -2 / popt[1]
    return xi, 2 * perr[1] / popt[1] ** 2, chi2


def flux_harmonic(flux, values, harmonic, axis=-1):
    """Fourier amplitude of ``values`` at ``harmonic`` periods per unit flux (h/e).

    ``flux`` must span an integer number of periods on a uniform grid without
    the endpoint.  Returns the complex amplitude c with values ~ Re(c e^{2 pi i h flux}).
    """
    flux = np.asarray(flux, dtype=float)
    phase = np.exp(-2j * np.pi * harmonic * flux)
    return 2 * np.tensordot(np.asarray(values), phase, axes=([axis], [0])) / flux.size


def pooled_fano_factor(transmission_eigenvalues):
    """F = sum T(1-T) / sum T over all channels and samples (NaN padding ignored)."""
    t = np.asarray(transmission_eigenvalues, dtype=float)
    t = t[np.isfinite(t)]
    return float(np.sum(t * (1 - t)) / np.sum(t))


def paired_difference(values, reference_index, dim_axis=1):
    """Per-seed differences g(X) - g(X_0) with mean and error (correlations between X cancel)."""
    values = np.asarray(values, dtype=float)
    reference = np.take(values, [reference_index], axis=dim_axis)
    diff = values - reference
    return diff.mean(axis=0), diff.std(axis=0, ddof=1) / np.sqrt(values.shape[0])


def fit_coherent_wire_magnetoconductance(phi, delta_g, errors, amplitude=None):
    """Fit Delta g(phi) = 3 A [1/3 - f(c phi)], f(x) = coth x / x - 1/x^2 (THEORY §3(d)).

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e).
    delta_g, errors : array_like
        <g(phi) - g(0)> and its standard errors (independent points).
    amplitude : float, optional
        Fix A (1/3 for full suppression of the spinless WL correction);
        fitted if None.

    Returns
    -------
    dict with ``scale`` c (x = c phi) and its error, ``amplitude`` A and its
    error, ``chi2`` (reduced) and ``dof``.
    """
    from scipy.optimize import curve_fit
    phi, delta_g, errors = (np.asarray(a, dtype=float) for a in (phi, delta_g, errors))
    guess_scale = 3.0 / phi.max()
    if amplitude is None:
        def model(p, c, a):
            return 3 * a * (1 / 3 - theory.coherent_wire_wl(c * p))
        p0 = [guess_scale, max(delta_g.max(), 1e-3)]
    else:
        def model(p, c):
            return 3 * amplitude * (1 / 3 - theory.coherent_wire_wl(c * p))
        p0 = [guess_scale]
    popt, pcov = curve_fit(model, phi, delta_g, p0=p0, sigma=errors, absolute_sigma=True,
                           maxfev=20000)
    residual = (delta_g - model(phi, *popt)) / errors
    dof = max(phi.size - len(popt), 1)
    perr = np.sqrt(np.diag(pcov))
    return {"scale": popt[0], "scale_error": perr[0],
            "amplitude": popt[1] if amplitude is None else amplitude,
            "amplitude_error": perr[1] if amplitude is None else 0.0,
            "chi2": float(np.sum(residual**2) / dof), "dof": dof}


def fit_dephased_wire_magnetoconductance(phi, delta_g, errors, length, width, degeneracy=1):
    """Fit L_phi and the field prefactor c of `theory.dephased_wire_magnetoconductance`.

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e), including 0.
    delta_g, errors : array_like
        <g(phi) - g(0)> (e^2/h) and standard errors (zero-field point excluded
        from the fit if its error is 0).
    length, width : float
        Wire length and width (lattice constants).

    Returns
    -------
    dict with ``dephasing_length`` and ``field_prefactor`` (with ``_error``),
    ``chi2`` (reduced) and ``dof``.
    """
    phi, delta_g, errors = (np.asarray(a, dtype=float) for a in (phi, delta_g, errors))
    use = errors > 0
    phi, delta_g, errors = phi[use], delta_g[use], errors[use]

    def model(p, lphi, log_c):
        return theory.dephased_wire_magnetoconductance(p, length, width, lphi, np.exp(log_c),
                                                       degeneracy)

    lphi0 = max(length * delta_g.max() / degeneracy, 1.0)
    popt, perr, chi2 = _curve_fit(model, phi, delta_g, errors, [lphi0, np.log(3.0)])
    c = float(np.exp(popt[1]))
    return {"dephasing_length": float(popt[0]), "dephasing_length_error": float(perr[0]),
            "field_prefactor": c, "field_prefactor_error": c * float(perr[1]),
            "chi2": chi2, "dof": max(phi.size - 2, 1)}


def fit_hln(phi, delta_sigma, errors, degeneracy=1):
    """Fit the HLN form alpha n_s F(B/B_phi)/(2 pi) for L_phi and the prefactor alpha.

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e); points with zero error (the B = 0 reference) are skipped.
    delta_sigma, errors : array_like
        sigma(B) - sigma(0) in e^2/h per square and its standard errors.

    Returns
    -------
    dict with ``dephasing_length`` and ``prefactor`` (alpha; 1 in HLN) with
    ``_error``, and ``chi2`` (reduced).
    """
    phi, delta_sigma, errors = (np.asarray(a, dtype=float) for a in (phi, delta_sigma, errors))
    use = errors > 0
    phi, delta_sigma, errors = phi[use], delta_sigma[use], errors[use]

    def model(p, lphi, alpha):
        return alpha * theory.hln_magnetoconductivity(p, lphi, degeneracy)

    guess = 1 / np.sqrt(8 * np.pi * np.median(phi))
    popt, perr, chi2 = _curve_fit(model, phi, delta_sigma, errors, [guess, 1.0])
    return {"dephasing_length": float(popt[0]), "dephasing_length_error": float(perr[0]),
            "prefactor": float(popt[1]), "prefactor_error": float(perr[1]), "chi2": chi2}


def diffusion_constant(conductance, n_modes, length, dos_per_length):
    """D (t a^2/hbar) from a mean two-terminal conductance via the Einstein relation.

    The sample (length L along the current) is in series with the contact
    resistance of its leads' N modes: ``1/g = 1/N + L / (2 pi nu_1 D)`` with g in
    e^2/h and nu_1 the density of states per unit length along the current and
    per unit energy (1/(t a); a film of width W: W times the DOS per site;
    a wire: sum over modes of 1/(pi hbar v_n)).
    """
    intrinsic = 1 / conductance - 1 / n_modes
    if not intrinsic > 0:
        raise ValueError(f"conductance {conductance!r} is not below the {n_modes} open modes: "
                         "the sample is ballistic, D is undefined")
    return float(length / (2 * np.pi * dos_per_length * intrinsic))
