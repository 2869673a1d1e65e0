"""Measurements on ensembles: fits that turn simulated data into physical parameters.

Each function returns the value with its one-sigma statistical uncertainty.
"""

import itertools

import numpy as np

from devices.validation import check_positive

from .. import theory

__all__ = ["fit_mean_free_path", "fit_mean_free_path_and_offset", "fit_localization_length",
           "flux_harmonic", "pooled_fano_factor", "paired_difference",
           "fit_coherent_wire_magnetoconductance", "fit_dephased_wire_magnetoconductance",
           "fit_hln", "diffusion_constant", "fit_lorentzian_peak", "fit_spin_orbit_magnetoconductance",
           "simplified_to_ilp_field_ratio", "FitError", "MAX_LOG_LENGTH_ERROR",
           "LENGTH_RANGE", "log_length_bounds"]

#: Largest standard error of ln(length) a fit returns: beyond it the data do not constrain
#: the length (it is uncertain by more than a factor e) and the fit raises `FitError`.
MAX_LOG_LENGTH_ERROR = 1.0


class FitError(ValueError):
    """The data cannot constrain a fitted parameter (the message names it)."""


def _check_constrained(fit, name, length, log_error, phi):
    """Raise `FitError` when ``length`` (fitted as ln length) is not constrained."""
    if np.isfinite(log_error) and log_error <= MAX_LOG_LENGTH_ERROR:
        return
    field = float(theory.dephasing_field(length))
    raise FitError(f"{fit}: the data do not constrain {name} (fitted {length:.4g} a, relative "
                   f"error {log_error:.3g}); its field {field:.3g} h/e per plaquette lies "
                   f"{'below' if field < phi.min() else 'above' if field > phi.max() else 'within'} "
                   f"the fitted fields {phi.min():.3g} .. {phi.max():.3g}: measure "
                   f"{'lower' if field < phi.min() else 'higher'} fields or with smaller errors")


def _curve_fit(model, x, y, sigma, p0):
    from scipy.optimize import curve_fit
    popt, pcov = curve_fit(model, np.asarray(x, float), np.asarray(y, float), p0=p0,
                           sigma=np.asarray(sigma, float), absolute_sigma=True)
    residual = (np.asarray(y) - model(np.asarray(x, float), *popt)) / np.asarray(sigma)
    dof = max(len(x) - len(popt), 1)
    return popt, np.sqrt(np.diag(pcov)), float(np.sum(residual**2) / dof)


def fit_mean_free_path(lengths, mean_g, errors, n_channels, beta=1, degeneracy=1):
    """DMPK length l from <g>(L) = N/(1+L/l) + d(1-2/beta)/3 [1-(1+L/l)^-3] (docs/theory/quasi_1d.md#dmpk-mean-conductance).

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
    """xi from <ln g> = a - 2 L / xi (convention of docs/theory/quasi_1d.md#localization-length): returns (xi, dxi, chi2)."""
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
    """Fit Delta g(phi) = 3 A [1/3 - f(c phi)], f(x) = coth x / x - 1/x^2 (docs/theory/weak_localization.md#coherent-wire).

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
        from the fit if its error is 0); ``errors=None``: equal weights, errors
        from the scatter (``errors_estimated``).
    length, width : float
        Wire length and width (lattice constants).

    Returns
    -------
    dict with ``dephasing_length`` and ``field_prefactor`` (with ``_error``),
    ``chi2`` (reduced) and ``dof``.
    """
    estimated = errors is None
    phi, delta_g = (np.asarray(a, dtype=float) for a in (phi, delta_g))
    errors = np.ones_like(phi) if estimated else np.asarray(errors, dtype=float)
    use = errors > 0
    phi, delta_g, errors = phi[use], delta_g[use], errors[use]

    def model(p, log_lphi, log_c):
        return theory.dephased_wire_magnetoconductance(p, length, width, np.exp(log_lphi),
                                                       np.exp(log_c), degeneracy)

    low, high = log_length_bounds(phi)
    start = _scan_start(model, phi, delta_g, errors,
                        [np.linspace(low, high, 25), [np.log(3.0)]])
    popt, perr, chi2, dof = _least_squares(model, phi, delta_g, errors, start,
                                           ([low, np.log(0.1)], [high, np.log(1e3)]), estimated)
    lphi, c = float(np.exp(popt[0])), float(np.exp(popt[1]))
    _check_constrained("fit_dephased_wire_magnetoconductance", "dephasing_length", lphi,
                       float(perr[0]), np.abs(phi[phi != 0]))
    return _estimated_errors({
        "dephasing_length": lphi, "dephasing_length_error": lphi * float(perr[0]),
        "field_prefactor": c, "field_prefactor_error": c * float(perr[1]),
        "chi2": chi2, "dof": dof}, estimated, chi2)


def fit_hln(phi, delta_sigma, errors, degeneracy=1, fit_amplitude=True):
    """Fit the spinless HLN form ``A n_s F(phi/phi_phi) / (2 pi)`` for L_phi (and A).

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e); zero-field points are skipped.
    delta_sigma, errors : array_like
        Delta sigma (e^2/h per square, `sheet_magnetoconductance`) and standard errors
        (None: equal weights, errors from the scatter, ``errors_estimated``).
    degeneracy : int
        n_s.
    fit_amplitude : bool
        Fit the prefactor A (1 in theory) or fix it to 1.

    Returns
    -------
    dict with ``dephasing_length`` (a), ``dephasing_field`` (h/e per plaquette),
    ``amplitude`` (each with ``_error``), ``chi2`` (reduced), ``dof``.
    """
    phi, values, errors, estimated = _clean(phi, delta_sigma, errors)

    low, high = log_length_bounds(phi)
    if fit_amplitude:
        def model(p, log_l, amplitude):
            return amplitude * theory.hln_magnetoconductivity(p, np.exp(log_l), degeneracy)
        bounds = ([low, -np.inf], [high, np.inf])
    else:
        def model(p, log_l):
            return theory.hln_magnetoconductivity(p, np.exp(log_l), degeneracy)
        bounds = ([low], [high])
    start = _scan_start(model, phi, values, errors, [np.linspace(low, high, 41)],
                        linear_amplitude=fit_amplitude)
    popt, perr, chi2, dof = _least_squares(model, phi, values, errors, start, bounds, estimated)
    length = float(np.exp(popt[0]))
    _check_constrained("fit_hln", "dephasing_length", length, float(perr[0]), np.abs(phi))
    result = {"dephasing_length": length, "dephasing_length_error": length * float(perr[0]),
              "dephasing_field": float(theory.dephasing_field(length)),
              "dephasing_field_error": 2 * float(theory.dephasing_field(length)) * float(perr[0]),
              "amplitude": float(popt[1]) if fit_amplitude else 1.0,
              "amplitude_error": float(perr[1]) if fit_amplitude else 0.0,
              "chi2": chi2, "dof": dof}
    return _estimated_errors(result, estimated, chi2)


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


def fit_lorentzian_peak(omega, values, errors, resolution):
    """Fit the height and half-width of a Lorentzian peak at omega = 0 seen at an energy
    resolution: the AC Drude peak (half-width 1/tau), the diffusion pole (D q^2).

    The model is ``height / (1 + (omega / half_width)^2)`` smeared as a Kubo calculation
    at the kernel's resolution smears it (`theory.resolution_broadened_drude` with
    tau = 1 / half_width; docs/theory/kubo.md#what-the-resolution-does).

    Parameters
    ----------
    omega : array_like
        hbar omega (t), e.g. from `physics.linear_response.KuboConductivity.optical`.
    values, errors : array_like
        The peak (any units) and its standard errors (None: equal weights, errors from
        the scatter, ``errors_estimated``).
    resolution : float
        Standard deviation (t) of each broadened delta function (the kernel's).

    Returns
    -------
    dict with ``height`` (units of ``values``), ``half_width`` (t), each with ``_error``,
    ``chi2`` (reduced) and ``dof``.
    """
    omega, values = (np.asarray(a, dtype=float) for a in (omega, values))
    estimated = errors is None
    errors = np.ones_like(omega) if estimated else np.asarray(errors, dtype=float)
    if not (omega.shape == values.shape == errors.shape) or omega.ndim != 1 or len(omega) < 3:
        raise ValueError("omega, values and errors must be 1D arrays of the same length >= 3")
    resolution = check_positive("resolution", resolution)
    if not np.any(values < values.max() / 2):
        raise FitError("fit_lorentzian_peak: the peak does not fall to half its maximum on "
                       f"these frequencies (up to {omega.max():.3g} t): the data do not "
                       "constrain its width; reach higher frequencies")

    def model(w, height, log_width):
        return theory.resolution_broadened_drude(w, height, np.exp(-log_width), resolution)
    positive = omega[omega > 0]
    grid = np.linspace(np.log(positive.min() / 10), np.log(positive.max()), 41)
    log_width, height = _scan_start(lambda w, lw, amplitude: model(w, amplitude, lw), omega,
                                    values, errors, [grid], linear_amplitude=True)
    popt, perr, chi2, dof = _least_squares(model, omega, values, errors, [height, log_width],
                                           None, estimated)
    width = float(np.exp(popt[1]))
    result = {"height": float(popt[0]), "height_error": float(perr[0]),
              "half_width": width, "half_width_error": width * float(perr[1]),
              "chi2": chi2, "dof": dof}
    return _estimated_errors(result, estimated, chi2)


def _clean(phi, values, errors):
    """Nonzero fields with positive errors; ``errors=None``: unit weights, to be scaled to
    the scatter (`_least_squares` with ``estimated``).  Returns (phi, values, errors,
    estimated)."""
    estimated = errors is None
    phi, values = (np.asarray(a, dtype=float) for a in (phi, values))
    errors = np.ones_like(phi) if estimated else np.asarray(errors, dtype=float)
    if not (phi.shape == values.shape == errors.shape) or phi.ndim != 1:
        raise ValueError("phi, delta_sigma and errors must be 1D arrays of the same length")
    use = (phi != 0) & (errors > 0)
    if use.sum() < 2 + estimated:
        raise ValueError("need at least two nonzero fields with positive errors to fit "
                         "(three without errors)")
    return phi[use], values[use], errors[use], estimated


#: How far beyond the fitted fields a fitted length's field may go: a factor 10^4 in field
#: (10^2 in length) below the smallest and above the largest field magnitude.  The optimizer stays
#: within (a length there is not constrained: `FitError`), never at 0 or infinity.
LENGTH_RANGE = 100.0


def log_length_bounds(phi):
    """``(low, high)`` of ln(length) a fit of the fields ``phi`` explores (`LENGTH_RANGE`)."""
    phi = np.abs(np.asarray(phi, dtype=float))
    phi = phi[phi > 0]
    return (float(np.log(theory.length_from_field(phi.max()) / LENGTH_RANGE)),
            float(np.log(theory.length_from_field(phi.min()) * LENGTH_RANGE)))


def _scan_start(model, phi, values, errors, grids, linear_amplitude=False):
    """The grid point of smallest chi^2: a data-driven start (a fixed one ran into a field
    of 0 or infinity when the data's fields were far from it).  ``linear_amplitude``:
    the model's last parameter is a prefactor, set to its best value at each point."""
    weights = 1 / errors**2
    best, start = np.inf, None
    for point in itertools.product(*grids):
        with np.errstate(all="ignore"):
            curve = model(phi, *point, *((1.0,) if linear_amplitude else ()))
        if not np.all(np.isfinite(curve)):
            continue
        amplitude = ()
        if linear_amplitude:
            norm = np.sum(weights * curve**2)
            amplitude = (float(np.sum(weights * curve * values) / norm) if norm > 0 else 1.0,)
            curve = curve * amplitude[0]
        chi2 = float(np.sum(weights * (curve - values) ** 2))
        if chi2 < best:
            best, start = chi2, list(point) + list(amplitude)
    if start is None:
        raise FitError("no starting point gives a finite model curve on these fields")
    return start


def _least_squares(model, phi, values, errors, start, bounds=None, estimated=False):
    """Weighted least squares: ``(values, standard errors, reduced chi^2, dof)``, errors
    from the Jacobian at the optimum (independent points, ``errors`` absolute; with
    ``estimated`` scaled to the scatter, which the reduced chi^2 then is, squared)."""
    from scipy.optimize import least_squares
    start = np.asarray(start, dtype=float)
    if bounds is None:
        bounds = (-np.inf, np.inf)
    else:  # a start on a bound would not move
        low, high = (np.asarray(b, dtype=float) for b in bounds)
        margin = np.where(np.isfinite(high - low), 1e-9 * (high - low), 0.0)
        start = np.clip(start, low + margin, high - margin)
    result = least_squares(lambda p: (model(phi, *p) - values) / errors, start,
                           method="trf" if np.isfinite(np.asarray(bounds)).any() else "lm",
                           bounds=bounds, x_scale="jac", max_nfev=4000)
    jac = result.jac
    cov = np.linalg.pinv(jac.T @ jac)
    dof = max(phi.size - len(start), 1)
    chi2 = float(np.sum(result.fun**2) / dof)
    if estimated:
        cov = cov * chi2
    return result.x, np.sqrt(np.diag(cov)), chi2, dof


def _estimated_errors(result, estimated, chi2):
    """Mark a result whose errors come from the scatter (chi^2 is then 1 by construction)."""
    result["errors_estimated"] = estimated
    if estimated:
        result["scatter"] = float(np.sqrt(chi2))
        result["chi2"] = 1.0
    return result


def fit_spin_orbit_magnetoconductance(phi, delta_sigma, errors, dephasing_length=None,
                                      model="ilp", start_spin_orbit_length=None):
    """Fit L_so (and optionally L_phi) of a Rashba film's magnetoconductance.

    Parameters
    ----------
    phi : array_like
        Flux per plaquette (h/e); zero-field points are skipped.
    delta_sigma, errors : array_like
        Delta sigma (e^2/h per square, both spins) and standard errors (None: equal
        weights, errors from the scatter).
    dephasing_length : float or (float, float), optional
        Fix L_phi (e.g. from the spinless fit at the same dephasing), optionally
        with its standard error, which is propagated into the L_so error.  None:
        fit L_phi too.
    model : 'ilp' or 'dp'
        `ilp_magnetoconductance` (exact for linear Rashba) or the simplified
        `dp_magnetoconductance`.
    start_spin_orbit_length : float, optional
        Starting value of L_so (a); None: the best point of a grid of lengths whose
        fields span the data's (`log_length_bounds`).

    Returns
    -------
    dict with ``spin_orbit_length`` L_so (a), ``spin_orbit_field`` B_so (h/e per
    plaquette), ``dephasing_length``, each with ``_error``, ``chi2``, ``dof``.
    """
    if model not in ("ilp", "dp"):
        raise ValueError(f"model must be 'ilp' or 'dp', got {model!r}")
    curve = theory.ilp_magnetoconductance if model == "ilp" else theory.dp_magnetoconductance
    phi, values, errors, estimated = _clean(phi, delta_sigma, errors)
    dephasing_length, fixed_error = _fixed_length(dephasing_length)

    low, high = log_length_bounds(phi)
    grid = np.linspace(low, high, 25)

    def fit_with(lphi, start=None):
        def model_fixed(p, log_so, formula=curve):
            return formula(p, theory.field_from_length(lphi),
                           theory.field_from_length(np.exp(log_so)))
        if start is None:
            start = _spin_orbit_start(model_fixed, phi, values, errors, [grid],
                                      [np.log(start_spin_orbit_length)]
                                      if start_spin_orbit_length else None, ([low], [high]))
        return _least_squares(model_fixed, phi, values, errors, start, ([low], [high]),
                              estimated)

    if dephasing_length is None:
        def model_free(p, log_phi, log_so, formula=curve):
            return formula(p, theory.field_from_length(np.exp(log_phi)),
                           theory.field_from_length(np.exp(log_so)))
        bounds = ([low, low], [high, high])
        start = _spin_orbit_start(model_free, phi, values, errors, [grid, grid],
                                  [np.log(3 * start_spin_orbit_length),
                                   np.log(start_spin_orbit_length)]
                                  if start_spin_orbit_length else None, bounds)
        popt, perr, chi2, dof = _least_squares(model_free, phi, values, errors, start, bounds,
                                               estimated)
        l_phi, l_phi_error = float(np.exp(popt[0])), float(np.exp(popt[0]) * perr[0])
        log_so, log_so_error = popt[1], perr[1]
    else:
        popt, perr, chi2, dof = fit_with(dephasing_length)
        l_phi, l_phi_error = dephasing_length, fixed_error
        log_so, log_so_error = popt[0], perr[0]
        if fixed_error > 0:
            # Propagate the error of the fixed L_phi by refitting at L_phi +- its error.
            shifts = [fit_with(dephasing_length + s * fixed_error, start=popt)[0][0]
                      for s in (-1, 1)]
            log_so_error = float(np.hypot(log_so_error, 0.5 * abs(shifts[1] - shifts[0])))
    l_so = float(np.exp(log_so))
    name = f"fit_spin_orbit_magnetoconductance({model!r})"
    _check_constrained(name, "spin_orbit_length", l_so, float(log_so_error), np.abs(phi))
    if dephasing_length is None:
        _check_constrained(name, "dephasing_length", l_phi, float(perr[0]), np.abs(phi))
    return _estimated_errors({
        "spin_orbit_length": l_so, "spin_orbit_length_error": l_so * float(log_so_error),
        "spin_orbit_field": float(theory.field_from_length(l_so)),
        "spin_orbit_field_error": 2 * float(theory.field_from_length(l_so)) * float(log_so_error),
        "dephasing_length": l_phi, "dephasing_length_error": l_phi_error,
        "chi2": chi2, "dof": dof, "model": model}, estimated, chi2)


def _fixed_length(dephasing_length):
    """``(L_phi, its error)`` from a fixed L_phi given as a length or (length, error)."""
    if dephasing_length is None:
        return None, 0.0
    error = 0.0
    if np.ndim(dephasing_length) == 1:
        dephasing_length, error = (float(v) for v in dephasing_length)
    return float(check_positive("dephasing_length", dephasing_length)), error


def _spin_orbit_start(model, phi, values, errors, grids, start, bounds):
    """Start of a spin-orbit fit: ``start`` if given, else the best point of ``grids`` for
    the closed-form simplified (DP) curve refined by a DP fit.  The ILP series costs ~10^3
    (B_phi + B_so)/B terms a point, far too many for a grid that reaches short L_so; its
    fit starts from the DP optimum, a few per cent from its own."""
    if start is not None:
        return start

    def simplified(p, *logs):
        return model(p, *logs, formula=theory.dp_magnetoconductance)

    scanned = _scan_start(simplified, phi, values, errors, grids)
    return _least_squares(simplified, phi, values, errors, scanned, bounds)[0]


def simplified_to_ilp_field_ratio(phi, phi_phi, phi_so):
    """B_so(simplified DP fit) / B_so(ILP) for an exact ILP curve on the field grid ``phi``.

    Quantifies the approximation in `dp_magnetoconductance`: fit the simplified
    form (with B_phi fixed) to the noiseless ILP curve and compare fields.
    """
    phi = np.asarray(phi, dtype=float)
    target = theory.ilp_magnetoconductance(phi, phi_phi, phi_so)
    errors = np.full(phi.shape, 1e-3)
    fit = fit_spin_orbit_magnetoconductance(phi, target, errors,
                                            dephasing_length=float(theory.length_from_field(phi_phi)),
                                            model="dp",
                                            start_spin_orbit_length=float(
                                                theory.length_from_field(phi_so)))
    return fit["spin_orbit_field"] / phi_so
