"""`physics.analysis.magnetoconductance_fits`: synthetic data with known lengths and noise."""

import warnings

import numpy as np
import pytest

from devices import RegimeWarning
from devices.quantities import ureg
from devices.units import CONDUCTANCE_QUANTUM, FLUX_QUANTUM
from physics import theory
from physics.analysis.fits import FitError
from physics.analysis.magnetoconductance_fits import (fit_log_temperature,
                                                     fit_magnetoconductance, fold_fields)

FIELD = np.linspace(-0.02, 0.02, 41)           # T, symmetric as measured
NOISE = 0.003                                  # e^2/h


def _flux(field):
    """T -> flux per 1 nm^2 plaquette (h/e): lengths in nm."""
    return np.abs(field) / FLUX_QUANTUM


def _hln(field, l_phi, amplitude=1.0):
    return amplitude * theory.hln_magnetoconductivity(_flux(field), l_phi, 1)


def test_hln_pulls_are_unit_normal_on_symmetric_fields():
    """40 noisy curves, L_phi = 500 nm: the fitted L_phi scatters by its quoted error.

    The pull (fit - true) / error of an unbiased fit with right errors has mean 0 and
    width 1: for 40 draws the mean is within 3 standard errors (0.47) and the width within
    0.7-1.4 (the 99.9 % range of the sample width for n = 40)."""
    rng = np.random.default_rng(7)
    pulls = []
    for _ in range(40):
        data = _hln(FIELD, 500.0) + rng.normal(0, NOISE, FIELD.size)
        fit = fit_magnetoconductance(FIELD, data, np.full(FIELD.size, NOISE), model="hln")
        assert fit.length_unit == "nm" and not fit.errors_estimated
        pulls.append((fit.values["dephasing_length"] - 500.0) / fit.errors["dephasing_length"])
    pulls = np.array(pulls)
    assert abs(pulls.mean()) < 0.47, pulls
    assert 0.7 < pulls.std(ddof=1) < 1.4, pulls


def test_units_in_si_and_quantities_give_the_same_fit():
    rng = np.random.default_rng(3)
    data = _hln(FIELD, 300.0, 0.8) + rng.normal(0, NOISE, FIELD.size)
    errors = np.full(FIELD.size, NOISE)
    reference = fit_magnetoconductance(FIELD, data, errors)
    in_mt = fit_magnetoconductance(FIELD * 1e3, data, errors, field_unit="mT")
    quantities = fit_magnetoconductance(ureg.Quantity(FIELD * 1e3, "mT"),
                                        ureg.Quantity(data * CONDUCTANCE_QUANTUM * 1e6, "uS"),
                                        ureg.Quantity(errors * CONDUCTANCE_QUANTUM, "S"))
    for fit in (in_mt, quantities):
        assert fit.values["dephasing_length"] == pytest.approx(
            reference.values["dephasing_length"], rel=1e-6)
        assert fit.values["amplitude"] == pytest.approx(reference.values["amplitude"], rel=1e-6)
    assert abs(reference.values["dephasing_length"] - 300.0) < 3 * reference.errors[
        "dephasing_length"]
    assert abs(reference.values["amplitude"] - 0.8) < 3 * reference.errors["amplitude"]
    np.testing.assert_allclose(in_mt.field, reference.field * 1e3)
    assert "L_phi = " in reference.summary() and " nm" in reference.summary()


def test_without_errors_the_scatter_sets_them():
    rng = np.random.default_rng(5)
    data = _hln(FIELD, 500.0) + rng.normal(0, NOISE, FIELD.size)
    given = fit_magnetoconductance(FIELD, data, np.full(FIELD.size, NOISE))
    estimated = fit_magnetoconductance(FIELD, data)
    assert estimated.errors_estimated and estimated.chi2 == 1.0 and estimated.p_value == 1.0
    assert estimated.values["dephasing_length"] == pytest.approx(
        given.values["dephasing_length"], rel=1e-6)
    # The scatter of the folded points is NOISE / sqrt(2); the error follows it (+-30 %
    # covers the chi-square spread of a 19-point scatter estimate, 2.7 sigma).
    assert estimated.errors["dephasing_length"] == pytest.approx(
        given.errors["dephasing_length"], rel=0.3)
    assert "errors from the scatter" in estimated.summary()


def test_ilp_recovers_both_lengths_and_dp_is_a_worse_description():
    rng = np.random.default_rng(11)
    clean = theory.ilp_magnetoconductance(_flux(FIELD), theory.field_from_length(500.0),
                                          theory.field_from_length(200.0))
    errors = np.full(FIELD.size, NOISE)
    data = clean + rng.normal(0, NOISE, FIELD.size)
    fit = fit_magnetoconductance(FIELD, data, errors, model="ilp")
    for name, true in (("dephasing_length", 500.0), ("spin_orbit_length", 200.0)):
        assert abs(fit.values[name] - true) < 3 * fit.errors[name], fit.summary()
    assert fit.p_value > 1e-3
    simplified = fit_magnetoconductance(FIELD, data, errors, model="dp")
    assert simplified.chi2 > 10 * fit.chi2 and simplified.p_value < 1e-6
    fixed = fit_magnetoconductance(FIELD, data, errors, model="ilp", dephasing_length="500 nm")
    assert set(fixed.values) == {"spin_orbit_length"}
    assert abs(fixed.values["spin_orbit_length"] - 200.0) < 3 * fixed.errors["spin_orbit_length"]
    np.testing.assert_allclose(fit.curve(fit.field), theory.ilp_magnetoconductance(
        _flux(fit.field), theory.field_from_length(fit.values["dephasing_length"]),
        theory.field_from_length(fit.values["spin_orbit_length"])))


def test_wire_and_lattice_units():
    """A wire in lattice data (flux per plaquette): lengths come out in lattice constants."""
    phi = np.linspace(0, 4e-3, 21)
    rng = np.random.default_rng(2)
    clean = theory.dephased_wire_magnetoconductance(phi, 200.0, 20.0, 40.0, 3.0, 1)
    errors = np.full(phi.size, 0.002)
    fit = fit_magnetoconductance(phi, clean + rng.normal(0, 0.002, phi.size), errors,
                                 model="wire", field_unit="h/e", width=20.0, length=200.0)
    assert fit.length_unit == "a"
    assert abs(fit.values["dephasing_length"] - 40.0) < 3 * fit.errors["dephasing_length"]
    with pytest.raises(TypeError, match="model='wire' needs width and length"):
        fit_magnetoconductance(phi, clean, errors, model="wire", field_unit="h/e")


def test_folding_averages_plus_and_minus_fields():
    field, values, sigma = fold_fields(np.array([-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]),
                                       np.array([1.0, 2.0, 0.0, 4.0, 3.0, 5.0]),
                                       np.full(6, 0.2))
    np.testing.assert_allclose(field, [0, 1, 2, 3])
    np.testing.assert_allclose(values, [0, 3, 2, 5])
    np.testing.assert_allclose(sigma, [0.2, 0.2 / np.sqrt(2), 0.2 / np.sqrt(2), 0.2])


def test_unconstrained_data_and_localized_samples_are_refused_or_warned():
    rng = np.random.default_rng(1)
    errors = np.full(FIELD.size, NOISE)
    with pytest.raises(FitError, match="do not constrain dephasing_length"):
        fit_magnetoconductance(FIELD, rng.normal(0, NOISE, FIELD.size), errors)
    data = _hln(FIELD, 500.0)
    with pytest.warns(RegimeWarning, match="mean_conductance: 0.4 e\\^2/h per spin .* "
                                           "longer than its localization length"):
        fit_magnetoconductance(FIELD, data, errors, mean_conductance=0.4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_magnetoconductance(FIELD, data, errors, mean_conductance="1 mS")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"model": "wal"}, ValueError, "model must be one of hln, wire, ilp, dp"),
    ({"field_unit": "m"}, ValueError, "field_unit = 'm' is not a unit of magnetic field"),
    ({"errors": -np.ones(41)}, ValueError, "errors must be positive"),
    ({"errors": np.ones(5)}, ValueError, "must be 1D of one length"),
    ({"delta_sigma": np.full(41, np.nan)}, ValueError, "must be finite"),
    ({"delta_sigma": "1 T"}, ValueError, "delta_sigma"),
    ({"model": "ilp", "dephasing_length": -5.0}, ValueError, "dephasing_length"),
])
def test_bad_input_is_named(kwargs, error, message):
    arguments = {"field": FIELD, "delta_sigma": _hln(FIELD, 500.0), "errors": None}
    arguments.update(kwargs)
    if isinstance(arguments["delta_sigma"], str):
        arguments["delta_sigma"] = [arguments["delta_sigma"]] * FIELD.size
    with pytest.raises(error, match=message):
        fit_magnetoconductance(arguments.pop("field"), arguments.pop("delta_sigma"),
                               **arguments)


# --- the ln T law -------------------------------------------------------------------------

TEMPERATURES = np.geomspace(0.05, 2.0, 9)      # K


def test_log_temperature_pulls_and_the_interaction_constant():
    """40 noisy sigma(T) with slope 0.7/pi e^2/h: unit-normal pulls (as for HLN), and the
    triplet constant 4 (1 - K) / 3 = 0.4 recovered from K = 0.7."""
    rng = np.random.default_rng(21)
    slope = 0.7 / np.pi
    pulls = []
    for _ in range(40):
        data = 30.0 + slope * np.log(TEMPERATURES) + rng.normal(0, 0.01, TEMPERATURES.size)
        fit = fit_log_temperature(TEMPERATURES, data, np.full(TEMPERATURES.size, 0.01))
        pulls.append((fit.slope - slope) / fit.slope_error)
    pulls = np.array(pulls)
    assert abs(pulls.mean()) < 0.47 and 0.7 < pulls.std(ddof=1) < 1.4, pulls
    exact = fit_log_temperature(TEMPERATURES, 30.0 + slope * np.log(TEMPERATURES / 0.3),
                                np.full(TEMPERATURES.size, 0.01), reference_temperature=0.3)
    assert exact.coefficient == pytest.approx(0.7, rel=1e-10)
    assert exact.offset == pytest.approx(30.0, rel=1e-12)
    f_sigma, f_error = exact.triplet_constant()
    assert f_sigma == pytest.approx(0.4, rel=1e-9) and f_error > 0
    assert exact.triplet_constant(weak_localization=0.5)[0] == pytest.approx(1.0667, rel=1e-3)
    np.testing.assert_allclose(exact.curve(TEMPERATURES), 30.0 + slope * np.log(
        TEMPERATURES / 0.3), rtol=1e-12)


def test_log_temperature_in_si_without_errors():
    data = 30.0 + 0.2 * np.log(TEMPERATURES) + np.random.default_rng(2).normal(
        0, 0.01, TEMPERATURES.size)
    reference = fit_log_temperature(TEMPERATURES, data)
    assert reference.errors_estimated and reference.chi2 == 1.0
    si = fit_log_temperature(ureg.Quantity(TEMPERATURES * 1e3, "mK"),
                             ureg.Quantity(data * CONDUCTANCE_QUANTUM, "S"))
    assert si.slope == pytest.approx(reference.slope, rel=1e-9)
    assert abs(reference.slope - 0.2) < 3 * reference.slope_error
    assert "errors from the scatter" in reference.summary()
    # The scatter-based error follows the true one: sqrt(chi^2_7 / 7) is in 0.42-1.6 with
    # 99 % probability.
    given = fit_log_temperature(TEMPERATURES, data, np.full(TEMPERATURES.size, 0.01))
    assert 0.42 < reference.slope_error / given.slope_error < 1.6


@pytest.mark.parametrize("temperature, sigma, message", [
    (-TEMPERATURES, np.ones(9), "temperature must be positive"),
    (TEMPERATURES, np.ones(5), "must be 1D of one length"),
    (np.full(9, 1.0), np.ones(9), "at least two distinct temperatures"),
    (TEMPERATURES, np.full(9, np.inf), "sigma must be finite"),
])
def test_log_temperature_bad_input(temperature, sigma, message):
    with pytest.raises(ValueError, match=message):
        fit_log_temperature(temperature, sigma)
