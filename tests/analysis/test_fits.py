"""Fits on ensembles recover known parameters from synthetic data."""

import numpy as np
import pytest

from physics import theory
from physics.analysis import fits


def _noisy(values, sigma, seed):
    rng = np.random.default_rng(seed)
    return values + rng.normal(0, sigma, np.shape(values))


def test_mean_free_path_fit_recovers_l():
    lengths = np.array([20.0, 40, 60, 90])
    truth = theory.dmpk_mean_conductance(15, lengths / 12.0, 1)
    l, dl, chi2 = fits.fit_mean_free_path(lengths, _noisy(truth, 0.01, 1),
                                                  np.full(4, 0.01), 15)
    assert abs(l - 12.0) < 4 * dl and dl < 0.3


def test_offset_fit_recovers_weak_localization():
    lengths = np.array([20.0, 30, 45, 60, 75, 90])
    s = lengths / 15.0
    truth = 20 / (1 + s) - (1 / 3) * (1 - (1 + s) ** -3)
    l, dl, delta, ddelta, chi2 = fits.fit_mean_free_path_and_offset(
        lengths, _noisy(truth, 0.005, 2), np.full(6, 0.005), 20)
    assert abs(delta + 1 / 3) < 4 * ddelta and abs(l - 15) < 4 * dl


def test_localization_length_fit():
    lengths = np.array([100.0, 200, 300, 400])
    xi, dxi, chi2 = fits.fit_localization_length(
        lengths, _noisy(1.0 - 2 * lengths / 50, 0.05, 3), np.full(4, 0.05))
    assert abs(xi - 50) < 4 * dxi and dxi < 1


def test_flux_harmonics_of_a_known_signal():
    flux = np.arange(16) / 16
    g = 1.0 + 0.2 * np.cos(2 * np.pi * flux) - 0.05 * np.cos(4 * np.pi * flux)
    assert np.isclose(fits.flux_harmonic(flux, g, 1), 0.2)
    assert np.isclose(fits.flux_harmonic(flux, g, 2), -0.05)
    assert abs(fits.flux_harmonic(flux, g, 3)) < 1e-14


def test_pooled_fano_factor():
    # Bimodal sample with exactly known moments, NaN padding ignored.
    t = np.array([[1.0, 0.5, np.nan], [0.0, 0.5, 1.0]])
    assert np.isclose(fits.pooled_fano_factor(t), (0.25 + 0.25) / 3.0)


def test_coherent_wire_fit_recovers_scale_and_amplitude():
    phi = np.linspace(1e-4, 1.5e-3, 10)
    truth = 3 * 0.2 * (1 / 3 - theory.coherent_wire_wl(5000 * phi))
    fit = fits.fit_coherent_wire_magnetoconductance(phi, _noisy(truth, 0.002, 4),
                                                            np.full(10, 0.002))
    assert abs(fit["scale"] - 5000) < 4 * fit["scale_error"]
    assert abs(fit["amplitude"] - 0.2) < 4 * fit["amplitude_error"]
    fixed = fits.fit_coherent_wire_magnetoconductance(
        phi, 3 * (1 / 3) * (1 / 3 - theory.coherent_wire_wl(3000 * phi)), np.full(10, 1e-4),
        amplitude=1 / 3)
    assert abs(fixed["scale"] - 3000) < 1


def test_diffusion_constant_inverts_the_einstein_relation():
    n, length, nu, d = 9, 150.0, 1.78, 6.2
    g = 1 / (1 / n + length / (2 * np.pi * nu * d))
    assert fits.diffusion_constant(g, n, length, nu) == pytest.approx(d)
    with pytest.raises(ValueError, match="ballistic"):
        fits.diffusion_constant(9.5, n, length, nu)


def test_fits_that_cannot_constrain_a_length_say_so():
    """A length the data do not determine is an error naming it, not a number with a huge
    error bar: a spin-orbit length far beyond L_phi (the curve is plain WL), and noise."""
    from physics.analysis.fits import FitError
    phi = np.linspace(2e-4, 2e-3, 10)
    errors = np.full(phi.size, 0.005)
    wl_only = theory.ilp_magnetoconductance(phi, theory.field_from_length(30.0),
                                            theory.field_from_length(300.0))
    with pytest.raises(FitError, match=r"do not constrain spin_orbit_length .* below the fitted "
                                       r"fields"):
        fits.fit_spin_orbit_magnetoconductance(phi, wl_only, errors, dephasing_length=30.0)
    noise = np.random.default_rng(1).normal(0, 0.005, phi.size)
    with pytest.raises(FitError, match="do not constrain dephasing_length"):
        fits.fit_hln(phi, noise, errors)
    # The same fits on data that determine the lengths pass, and recover them.
    rashba = theory.ilp_magnetoconductance(phi, theory.field_from_length(30.0),
                                           theory.field_from_length(8.0))
    fit = fits.fit_spin_orbit_magnetoconductance(phi, rashba, errors, dephasing_length=30.0)
    assert abs(fit["spin_orbit_length"] / 8.0 - 1) < 1e-6
    hln = fits.fit_hln(phi, theory.hln_magnetoconductivity(phi, 30.0, 1), errors)
    assert abs(hln["dephasing_length"] / 30.0 - 1) < 1e-6
    # Negative fields enter through |B| (Delta sigma is even in B).
    both = np.concatenate([-phi[::-1], phi])
    symmetric = theory.hln_magnetoconductivity(np.abs(both), 30.0, 1)
    assert abs(fits.fit_hln(both, symmetric, np.full(both.size, 0.005))["dephasing_length"]
               / 30.0 - 1) < 1e-6


@pytest.mark.parametrize("with_errors", [True, False])
def test_lorentzian_peak_fit_recovers_the_width_through_the_resolution(with_errors):
    """Synthetic AC Drude peak, tau = 20 (half-width 0.05 t), at a resolution of 0.01 t (a
    6 % dip of the peak): the fit through the broadened model recovers the width and the
    height within 4 errors; a plain Lorentzian fit would not (its width is ~7 % wide,
    many errors off)."""
    omega = np.linspace(0, 0.3, 31)
    truth = theory.resolution_broadened_drude(omega, 30.0, 20.0, 0.01)
    data = _noisy(truth, 0.2, 3)
    fit = fits.fit_lorentzian_peak(omega, data, np.full(31, 0.2) if with_errors else None, 0.01)
    assert abs(fit["half_width"] - 0.05) < 4 * fit["half_width_error"]
    assert abs(fit["height"] - 30) < 4 * fit["height_error"]
    assert fit["half_width_error"] < 0.003 and fit["errors_estimated"] is not with_errors
    lorentzian = fits.fit_lorentzian_peak(omega, data, np.full(31, 0.2), 1e-6)
    assert lorentzian["half_width"] - 0.05 > 4 * lorentzian["half_width_error"]


def test_lorentzian_peak_fit_needs_the_half_width():
    omega = np.linspace(0, 0.01, 11)
    with pytest.raises(fits.FitError, match="width"):
        fits.fit_lorentzian_peak(omega, theory.drude_optical_conductivity(omega, 30.0, 20.0).real,
                                 None, 0.01)
    with pytest.raises(ValueError, match="resolution"):
        fits.fit_lorentzian_peak(np.linspace(0, 1, 5), np.ones(5), None, 0.0)
