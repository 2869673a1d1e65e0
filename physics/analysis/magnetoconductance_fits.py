"""Fits of measured (or simulated) magnetoconductance in physical units: HLN, wire, ILP, DP.

`fit_magnetoconductance` takes the field in tesla (or any pint quantity of a
field, or the lattice flux per plaquette with ``field_unit="h/e"``) and the
magnetoconductance in e^2/h or siemens, and returns the lengths in nm (lattice
constants for lattice data) with standard errors and the reduced chi^2.  The
fits themselves are the ones of `physics.analysis.fits` (one definition each):
the weak-localization formulas depend on the field only through B L^2 / (h/e),
so a field in T is a flux per plaquette of a 1 nm lattice, and the lengths come
out in nm.

Models (docs/theory/weak_localization.md, docs/theory/spin_orbit.md):

========  ===========================================================  =================
model     formula                                                      fitted
========  ===========================================================  =================
``hln``   2D film, Hikami-Larkin-Nagaoka, n_s F(B/B_phi) / (2 pi)      L_phi, amplitude
``wire``  quasi-1D wire of width W, length L between reservoirs        L_phi, prefactor c
``ilp``   2D film with Rashba spin-orbit (Iordanskii-Lyanda-Geller-     L_phi, L_so
          Pikus)
``dp``    the simplified (Dyakonov-Perel) form of ``ilp``              L_phi, L_so
========  ===========================================================  =================

Negative fields are folded: a pair +B, -B is averaged (the magnetoconductance is
even in B by Onsager), an unpaired -B enters as its magnitude.  Without errors the
points are weighted equally and the errors scaled to a reduced chi^2 of 1
(``errors_estimated``).  A length the data cannot constrain raises
`physics.analysis.fits.FitError`.

`fit_log_temperature` fits the ln T law of sigma(T) (weak localization and the
Altshuler-Aronov correction in 2D) with the same conventions.
"""

import dataclasses
import warnings

import numpy as np

from devices.quantities import is_quantity, magnitudes_in, tesla_per
from devices.units import CONDUCTANCE_QUANTUM, FLUX_QUANTUM
from devices.validation import RegimeWarning, check_positive

from . import fits
from .. import theory

__all__ = ["fit_magnetoconductance", "MagnetoconductanceFit", "MODELS", "fold_fields",
           "conductance_in_quantum_units", "LOCALIZED_CONDUCTANCE", "fit_log_temperature",
           "LogTemperatureFit"]

MODELS = ("hln", "wire", "ilp", "dp")

#: Conductance per spin (e^2/h) below which the sample is taken as localized (its length
#: beyond the localization length: the Thouless criterion g ~ 1) and a diffusive formula
#: is compared with a `devices.RegimeWarning`.
LOCALIZED_CONDUCTANCE = 1.0

_LENGTH_NAMES = {"dephasing_length": "L_phi", "spin_orbit_length": "L_so"}


@dataclasses.dataclass(frozen=True)
class MagnetoconductanceFit:
    """A fitted magnetoconductance.

    Attributes
    ----------
    model : str
        One of `MODELS`.
    values, errors : dict
        Fitted parameters and their standard errors: ``dephasing_length`` (and
        ``spin_orbit_length``) in ``length_unit``; ``amplitude`` (hln) or
        ``field_prefactor`` (wire), dimensionless.
    length_unit : str
        "nm" for fields in T, "a" (lattice constants) for fluxes per plaquette.
    chi2 : float
        Reduced chi^2 (1 by construction when ``errors_estimated``).
    dof : int
    errors_estimated : bool
        No errors were given: the points were weighted equally and the errors scaled
        to the scatter about the fit.
    field, delta_sigma, sigma : numpy.ndarray
        The fitted points after folding (in the field unit given and e^2/h).
    """

    model: str
    values: dict
    errors: dict
    length_unit: str
    chi2: float
    dof: int
    errors_estimated: bool
    field: np.ndarray
    delta_sigma: np.ndarray
    sigma: np.ndarray
    _curve: object = dataclasses.field(repr=False, compare=False)

    @property
    def p_value(self):
        """Probability of a chi^2 this large if the model is right (with given errors; 1
        when the errors were estimated from the scatter)."""
        if self.errors_estimated:
            return 1.0
        from scipy.stats import chi2
        return float(chi2.sf(self.chi2 * self.dof, self.dof))

    def curve(self, field):
        """The fitted formula at ``field`` (same unit as the data), in e^2/h."""
        return self._curve(np.asarray(field, dtype=float))

    def summary(self):
        """One line per fitted length: ``L_phi = 512 +- 12 nm``."""
        lines = []
        for name, value in self.values.items():
            label = _LENGTH_NAMES.get(name, name)
            unit = f" {self.length_unit}" if name in _LENGTH_NAMES else ""
            lines.append(f"{label} = {value:.4g} +- {self.errors[name]:.2g}{unit}")
        lines.append(f"reduced chi^2 = {self.chi2:.3g} ({self.dof} degrees of freedom"
                     + (", errors from the scatter" if self.errors_estimated else "") + ")")
        return "\n".join(lines)


def conductance_in_quantum_units(name, values):
    """Conductances as numbers in e^2/h: numbers are taken as e^2/h, quantities (and
    strings such as '1 uS') in a unit of conductance are converted."""
    if is_quantity(values) or isinstance(values, str) or (
            np.ndim(values) and len(values) and isinstance(np.asarray(values, object).flat[0],
                                                            str)):
        return np.asarray(magnitudes_in(name, values, "S"), dtype=float) / CONDUCTANCE_QUANTUM
    return np.asarray(values, dtype=float)


def fold_fields(field, values, sigma):
    """Fold negative fields: average +B and -B pairs, take the magnitude of unpaired ones.

    Returns ``(abs(B), values, sigma)`` sorted by field (``sigma`` may be None).
    """
    field = np.asarray(field, dtype=float)
    magnitude = np.abs(field)
    keys = np.round(magnitude / max(magnitude.max(), 1e-300), 9)
    out_field, out_values, out_sigma = [], [], []
    for key in np.unique(keys):
        members = np.flatnonzero(keys == key)
        out_field.append(magnitude[members].mean())
        out_values.append(values[members].mean())
        if sigma is not None:
            out_sigma.append(np.sqrt(np.sum(sigma[members] ** 2)) / members.size)
    return (np.array(out_field), np.array(out_values),
            None if sigma is None else np.array(out_sigma))


def _flux(field, field_unit):
    """The field as a flux per plaquette: per nm^2 (h/e) for a field, lengths then in nm;
    ``field_unit="h/e"``: already one (lattice data, lengths in lattice constants)."""
    if field_unit == "h/e":
        return np.asarray(field, dtype=float), "a"
    if is_quantity(field) or isinstance(field, str) or (
            np.ndim(field) and len(field) and isinstance(field[0], str)):
        tesla = magnitudes_in("field", field, "T")
    else:
        try:
            per_unit = tesla_per(field_unit)
        except ValueError:
            raise ValueError(f"field_unit = {field_unit!r} is not a unit of magnetic field "
                             f"(T, mT, G) nor 'h/e'") from None
        tesla = np.asarray(field, dtype=float) * per_unit
    return np.asarray(tesla, dtype=float) / FLUX_QUANTUM, "nm"


def _field_in(flux, field_unit):
    """Inverse of `_flux` for numbers."""
    if field_unit == "h/e":
        return flux
    return flux * FLUX_QUANTUM / tesla_per(field_unit)


def fit_magnetoconductance(field, delta_sigma, errors=None, *, model="hln", field_unit="T",
                           width=None, length=None, degeneracy=1, dephasing_length=None,
                           mean_conductance=None):
    """Fit a magnetoconductance curve: lengths with standard errors.

    Parameters
    ----------
    field : array_like or quantity
        Magnetic field: numbers in ``field_unit``, or quantities ('20 mT').
    delta_sigma : array_like or quantity
        sigma(B) - sigma(0): per square for the 2D models, the conductance for
        ``wire``; numbers in e^2/h, or quantities in S.
    errors : array_like or quantity, optional
        Standard errors of ``delta_sigma`` (same units); None: equal weights, errors
        from the scatter.
    model : str
        One of `MODELS`.
    field_unit : str
        "T" (or "mT", "G", any field unit pint knows; lengths in nm), or "h/e" for the
        flux per plaquette of simulated data (lengths in lattice constants).
    width, length : float or quantity, optional
        The wire's width W and length L (``model="wire"``), in nm (a for "h/e").
    degeneracy : int
        n_s for ``hln`` and ``wire``: 1 spinless, 2 for spin-degenerate electrons.
    dephasing_length : float or quantity, optional
        ``ilp``/``dp``: fix L_phi (nm or a) and fit L_so only.
    mean_conductance : float or quantity, optional
        The sample's mean conductance (e^2/h or S).  Below `LOCALIZED_CONDUCTANCE` per
        spin the sample is longer than its localization length and the diffusive
        formulas do not apply: a `devices.RegimeWarning` says so.

    Returns
    -------
    MagnetoconductanceFit

    Raises
    ------
    ValueError
        For a bad argument (named); `physics.analysis.fits.FitError` when the data do
        not constrain a length.
    """
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    phi, length_unit = _flux(field, field_unit)
    values = conductance_in_quantum_units("delta_sigma", delta_sigma)
    sigma = None if errors is None else conductance_in_quantum_units("errors", errors)
    if phi.ndim != 1 or values.shape != phi.shape or (sigma is not None
                                                      and sigma.shape != phi.shape):
        raise ValueError(f"field, delta_sigma and errors must be 1D of one length, got "
                         f"shapes {phi.shape}, {values.shape}"
                         + ("" if sigma is None else f", {sigma.shape}"))
    if not (np.all(np.isfinite(phi)) and np.all(np.isfinite(values))):
        raise ValueError("field and delta_sigma must be finite")
    if sigma is not None and not np.all(sigma[phi != 0] > 0):
        raise ValueError("errors must be positive (where the field is not 0)")
    if mean_conductance is not None:
        _check_diffusive(conductance_in_quantum_units("mean_conductance", mean_conductance),
                         degeneracy if model in ("hln", "wire") else 2, model)
    flux, values, sigma = fold_fields(phi, values, sigma)
    fit, curve = _fit(model, flux, values, sigma, width, length, degeneracy, dephasing_length,
                      length_unit)
    fitted = {k: fit[k] for k in ("dephasing_length", "spin_orbit_length", "amplitude",
                                  "field_prefactor") if k in fit}
    if model in ("ilp", "dp") and dephasing_length is not None:
        fitted.pop("dephasing_length")
    estimated = fit["errors_estimated"]
    if estimated:
        sigma = np.full_like(values, fit["scatter"])

    def curve_in_field(f):
        return curve(np.abs(_flux(f, field_unit)[0]))

    return MagnetoconductanceFit(model, fitted, {k: fit[k + "_error"] for k in fitted},
                                 length_unit, float(fit["chi2"]), int(fit["dof"]), estimated,
                                 _field_in(flux, field_unit), values, sigma, curve_in_field)


def _check_diffusive(mean_g, degeneracy, model):
    per_spin = float(np.mean(mean_g)) / degeneracy
    if per_spin < LOCALIZED_CONDUCTANCE:
        warnings.warn(f"mean_conductance: {per_spin:.3g} e^2/h per spin is below "
                      f"{LOCALIZED_CONDUCTANCE:g}: the sample is longer than its localization "
                      f"length, and the diffusive {model} formula does not describe it",
                      RegimeWarning, stacklevel=3)


def _fit(model, flux, values, sigma, width, length, degeneracy, dephasing_length, length_unit):
    """The `physics.analysis.fits` fit of ``model`` and the fitted curve (flux -> e^2/h)."""
    if model == "hln":
        fit = fits.fit_hln(flux, values, sigma, degeneracy=degeneracy)
        return fit, lambda f: fit["amplitude"] * theory.hln_magnetoconductivity(
            f, fit["dephasing_length"], degeneracy)
    if model == "wire":
        if width is None or length is None:
            raise TypeError("model='wire' needs width and length (the wire's, in "
                            f"{length_unit})")
        unit = "nm" if length_unit == "nm" else None
        w = check_positive("width", magnitudes_in("width", width, unit) if unit else width)
        L = check_positive("length", magnitudes_in("length", length, unit) if unit else length)
        fit = fits.fit_dephased_wire_magnetoconductance(flux, values, sigma, L, w, degeneracy)
        return fit, lambda f: theory.dephased_wire_magnetoconductance(
            f, L, w, fit["dephasing_length"], fit["field_prefactor"], degeneracy)
    fixed = None
    if dephasing_length is not None:
        fixed = check_positive("dephasing_length",
                               magnitudes_in("dephasing_length", dephasing_length, "nm")
                               if length_unit == "nm" else dephasing_length)
    fit = fits.fit_spin_orbit_magnetoconductance(flux, values, sigma, dephasing_length=fixed,
                                                 model=model)
    formula = theory.ilp_magnetoconductance if model == "ilp" else theory.dp_magnetoconductance
    return fit, lambda f: formula(f, theory.field_from_length(fit["dephasing_length"]),
                                  theory.field_from_length(fit["spin_orbit_length"]))


@dataclasses.dataclass(frozen=True)
class LogTemperatureFit:
    """A fitted ln T law, sigma(T) = sigma(T_ref) + slope ln(T / T_ref).

    Attributes
    ----------
    slope, slope_error : float
        d sigma / d ln T in e^2/h (per square for a film).
    offset, offset_error : float
        sigma at ``reference_temperature`` (e^2/h), from the fit.
    reference_temperature : float
        T_ref (the temperature unit given), the geometric mean of the data's by default.
    chi2 : float
        Reduced chi^2 (1 when ``errors_estimated``).
    dof : int
    errors_estimated : bool
    """

    slope: float
    slope_error: float
    offset: float
    offset_error: float
    reference_temperature: float
    chi2: float
    dof: int
    errors_estimated: bool

    @property
    def coefficient(self):
        """The slope in units of e^2/(pi h) = e^2/(2 pi^2 hbar): for a spin-degenerate film
        ``alpha p + 1 - 3 F_sigma / 4`` (weak localization plus Altshuler-Aronov,
        docs/theory/interactions.md#altshuler-aronov-correction)."""
        return float(np.pi * self.slope)

    def triplet_constant(self, weak_localization=0.0):
        """F_sigma from the coefficient, ``4 (1 - (K - weak_localization)) / 3``, with its
        standard error; ``weak_localization`` is the WL share alpha p of K (0 in a field
        that suppresses WL but leaves g mu_B B << k_B T)."""
        value = 4 * (1 - (self.coefficient - weak_localization)) / 3
        return float(value), float(4 * np.pi * self.slope_error / 3)

    def curve(self, temperature):
        """The fitted law at ``temperature`` (e^2/h)."""
        return self.offset + self.slope * np.log(np.asarray(temperature, dtype=float)
                                                 / self.reference_temperature)

    def summary(self):
        return (f"d sigma / d ln T = {self.slope:.4g} +- {self.slope_error:.2g} e^2/h "
                f"({self.coefficient:.3g} e^2/(pi h))\nreduced chi^2 = {self.chi2:.3g} "
                f"({self.dof} degrees of freedom"
                + (", errors from the scatter)" if self.errors_estimated else ")"))


def fit_log_temperature(temperature, sigma, errors=None, *, temperature_unit="K",
                        reference_temperature=None):
    """Fit sigma(T) = sigma(T_ref) + slope ln(T / T_ref): the ln T law of 2D weak
    localization and of the Altshuler-Aronov correction.

    Parameters
    ----------
    temperature : array_like or quantity
        Temperatures (numbers in ``temperature_unit``; quantities converted to it).
    sigma : array_like or quantity
        Conductance (per square for a film), e^2/h, or quantities in S.
    errors : array_like or quantity, optional
        Standard errors of ``sigma``; None: equal weights, errors from the scatter.
    temperature_unit : str
        "K", "mK", ... (or "t" for lattice data: any unit works, the slope does not
        depend on it).
    reference_temperature : float, optional
        T_ref (default: the geometric mean of the temperatures: offset and slope then
        uncorrelated for evenly spaced ln T).

    Returns
    -------
    LogTemperatureFit
    """
    if is_quantity(temperature) or (np.ndim(temperature) and len(temperature)
                                    and isinstance(temperature[0], str)):
        temperature = magnitudes_in("temperature", temperature, temperature_unit)
    temperature = np.asarray(temperature, dtype=float)
    values = conductance_in_quantum_units("sigma", sigma)
    estimated = errors is None
    sigma_errors = (np.ones_like(values) if estimated
                    else conductance_in_quantum_units("errors", errors))
    if temperature.ndim != 1 or values.shape != temperature.shape \
            or sigma_errors.shape != temperature.shape:
        raise ValueError(f"temperature, sigma and errors must be 1D of one length, got "
                         f"shapes {temperature.shape}, {values.shape}, {sigma_errors.shape}")
    if not (np.all(np.isfinite(temperature)) and np.all(temperature > 0)):
        raise ValueError("temperature must be positive and finite")
    if not (np.all(np.isfinite(values)) and np.all(sigma_errors > 0)):
        raise ValueError("sigma must be finite and errors positive")
    if np.unique(temperature).size < 2 + estimated:
        raise ValueError("need at least two distinct temperatures (three without errors)")
    reference = (float(np.exp(np.mean(np.log(temperature)))) if reference_temperature is None
                 else float(check_positive("reference_temperature", reference_temperature)))
    design = np.column_stack([np.ones_like(temperature), np.log(temperature / reference)])
    weights = 1 / sigma_errors
    solution, *_ = np.linalg.lstsq(design * weights[:, None], values * weights, rcond=None)
    residual = (design @ solution - values) * weights
    dof = max(temperature.size - 2, 1)
    chi2 = float(residual @ residual / dof)
    covariance = np.linalg.inv((design * weights[:, None]).T @ (design * weights[:, None]))
    if estimated:
        covariance = covariance * chi2
    errors_out = np.sqrt(np.diag(covariance))
    return LogTemperatureFit(float(solution[1]), float(errors_out[1]), float(solution[0]),
                             float(errors_out[0]), reference, 1.0 if estimated else chi2, dof,
                             estimated)
