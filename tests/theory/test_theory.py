"""Analytic theory functions: limits and tabulated values (docs/theory/)."""

import numpy as np
import pytest

from physics import theory as th
from physics import theory
from physics.analysis import fits


@pytest.mark.parametrize("energy, nu", [(0.5, 0.0850), (1.0, 0.0914), (2.0, 0.1093),
                                        (3.0, 0.1419), (3.5, 0.1761)])
def test_dos_matches_table(energy, nu):
    assert abs(th.density_of_states_2d(energy) - nu) < 1e-4


def test_dos_band_edge_and_normalization():
    assert abs(th.density_of_states_2d(1e-9) - 1 / (4 * np.pi)) < 1e-6
    e = np.linspace(1e-6, 8 - 1e-6, 200001)
    assert abs(np.trapezoid(th.density_of_states_2d(e), e) - 1) < 2e-3  # log singularity


@pytest.mark.parametrize("energy, table", [(0.5, 10.9), (1.0, 19.5), (2.0, 29.9), (3.0, 30.7),
                                           (3.5, 26.8)])
def test_drude_sheet_conductance_matches_table(energy, table):
    # docs/theory/drude.md#tabulated-values: g_sq (W/t)^2, three significant digits.
    assert abs(th.drude_sheet_conductance(energy, 1.0) - table) < 0.06


def test_drude_continuum_limit():
    # Near the band bottom g_sq = k l / 2 with l = 48 (t/W)^2 k: g_sq = 24 k^2 (t/W)^2.
    energy = 0.01
    assert abs(th.drude_sheet_conductance(energy, 1.0) / (24 * energy) - 1) < 0.01


def test_born_mean_free_path_matches_spot_check():
    # docs/theory/drude.md#check-against-kwant: M = 30, W = 2t, E = 2t from the bottom: Born l = 15.0 a.
    assert abs(th.born_mean_free_path(2.0, 2.0, 30) - 14.95) < 0.05


def test_weak_localization_and_ucf_tables():
    assert th.weak_localization_correction(1) == pytest.approx(-1 / 3)
    assert th.weak_localization_correction(2) == 0
    assert th.weak_localization_correction(4, degeneracy=2) == pytest.approx(1 / 3)
    assert th.weak_localization_correction(1, degeneracy=2) == pytest.approx(-2 / 3)
    assert th.ucf_variance_quasi_1d(1) == pytest.approx(2 / 15)
    assert th.ucf_variance_quasi_1d(1, degeneracy=2) == pytest.approx(8 / 15)
    assert th.ucf_variance_quasi_1d(4, degeneracy=2) == pytest.approx(2 / 15)
    assert th.ucf_variance_quasi_1d(2, degeneracy=2) == pytest.approx(4 / 15)


@pytest.mark.parametrize("aspect, value", [(4, 0.1349), (3, 0.1368), (2, 0.1437),
                                           (1.5, 0.1547), (1, 0.1856)])
def test_ucf_mode_sum_table(aspect, value):
    assert abs(th.ucf_mode_sum(aspect) - value) < 2e-4


def test_ucf_mode_sum_quasi_1d_limit():
    assert abs(th.ucf_mode_sum(100.0) - 2 / 15) < 1e-5


def test_dmpk_mean_limits():
    assert th.dmpk_mean_conductance(20, 0.0, 1) == pytest.approx(20)
    assert th.dmpk_mean_conductance(20, 1e6, 1) == pytest.approx(-1 / 3, abs=1e-4)


def test_coherent_wire_function_limits():
    assert th.coherent_wire_wl(0.0) == pytest.approx(1 / 3)
    x = 0.05  # series 1/3 - x^2/45 + 2 x^4/945
    assert th.coherent_wire_wl(x) == pytest.approx(1 / 3 - x**2 / 45 + 2 * x**4 / 945, abs=1e-10)
    assert th.coherent_wire_wl(4.73) == pytest.approx(1 / 6, rel=2e-3)  # half suppression
    assert th.coherent_wire_wl(200.0) == pytest.approx(th.long_wire_wl(200.0), rel=1e-12)


def test_dorokhov_normalization():
    # int rho(T) dT = number of open channels ~ N/s * s = N (cut-off 4 exp(-2s)),
    # int T rho(T) dT = N/s = <g>.
    n, s = 20, 5.0
    x = np.linspace(0, s, 200001)[1:]
    t = 1 / np.cosh(x) ** 2
    weight = n / s  # uniform density of x on (0, s)
    assert abs(np.trapezoid(weight * t, x) - n / s) < 1e-3
    from scipy.integrate import quad
    lower = 4 * np.exp(-2 * s)
    mean = quad(lambda t: t * th.dorokhov_density(t, n, s), lower, 1)[0]
    assert abs(mean - n / s * np.sqrt(1 - lower)) < 1e-8


def test_hln_limits():
    x = 1e-3
    assert th.hln(x) == pytest.approx(x**2 / 24, rel=1e-2)
    assert th.hln(1e4) == pytest.approx(np.log(1e4) - 1.9635, abs=1e-3)
    # Strong spin-orbit: -1/2 of the spinless function (both spins counted).
    b = np.array([0.1, 1.0, 10.0])
    assert np.allclose(th.hln_spin_orbit(b, 1.0, 1e9), -0.5 * th.hln(b / 1.0), atol=1e-6)


def test_localization_length_and_periods():
    assert th.localization_length(10, 2.0, 1) == 22
    assert th.localization_length(10, 2.0, 2) == 40
    assert th.localization_length(10, 2.0, 4) == 76
    assert th.aas_period(20) == pytest.approx(th.aharonov_bohm_period(20) / 2)


def test_dephased_wire_magnetoconductance_limits():
    phi = np.array([0.0, 1e-4, 1.0])
    dg = theory.dephased_wire_magnetoconductance(phi, 150, 12, 25.0)
    assert dg[0] == 0
    # Strong field: the whole zero-field correction f(L/L_phi) ~ L_phi/L is removed.
    assert dg[-1] == pytest.approx(theory.coherent_wire_wl(150 / 25.0), abs=1e-3)
    assert theory.coherent_wire_wl(1000 / 25.0) == pytest.approx(25.0 / 1000, rel=0.03)
    # No dephasing: the coherent wire, 1/3 - f(L/l_B), with x = (2 pi/sqrt 3) phi L W (c = 3).
    small = theory.dephased_wire_magnetoconductance(1e-3, 150, 12, 1e9)
    x = theory.dirty_wire_field_parameter(1e-3, 150, 12)
    assert small == pytest.approx(1 / 3 - theory.coherent_wire_wl(x), rel=1e-6)
    assert theory.dephased_wire_magnetoconductance(2e-3, 150, 12, 25.0, degeneracy=2) == \
        pytest.approx(2 * theory.dephased_wire_magnetoconductance(2e-3, 150, 12, 25.0))


def test_fit_dephased_wire_recovers_parameters():
    phi = np.array([0, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016])
    exact = theory.dephased_wire_magnetoconductance(phi, 150, 12, 22.0, field_prefactor=5.0)
    errors = np.where(phi > 0, 0.002, 0.0)
    noise = np.random.default_rng(1).normal(0, 1, phi.size) * errors
    fit = fits.fit_dephased_wire_magnetoconductance(phi, exact + noise, errors, 150, 12)
    assert abs(fit["dephasing_length"] - 22.0) < 3 * fit["dephasing_length_error"]
    assert abs(fit["field_prefactor"] - 5.0) < 3 * fit["field_prefactor_error"]


def test_hln_magnetoconductivity_limits():
    lphi = 12.0
    b_phi = theory.dephasing_field(lphi)
    assert b_phi == pytest.approx(1 / (8 * np.pi * 144))
    small = theory.hln_magnetoconductivity(0.01 * b_phi, lphi)
    assert small == pytest.approx(0.01**2 / 24 / (2 * np.pi), rel=1e-2)  # F ~ x^2/24
    large = theory.hln_magnetoconductivity(1e4 * b_phi, lphi, degeneracy=2)
    assert large == pytest.approx(2 * (np.log(1e4) - 1.96351) / (2 * np.pi), rel=1e-4)
    assert theory.hln_magnetoconductivity(0.0, lphi) == 0


def test_fit_hln_recovers_parameters():
    phi = np.array([0, 2e-4, 5e-4, 1e-3, 2e-3, 4e-3])
    errors = np.where(phi > 0, 0.003, 0.0)
    data = 0.9 * theory.hln_magnetoconductivity(phi, 9.0)
    data = data + np.random.default_rng(2).normal(0, 1, phi.size) * errors
    fit = fits.fit_hln(phi, data, errors)
    assert abs(fit["dephasing_length"] - 9.0) < 3 * fit["dephasing_length_error"]
    assert abs(fit["amplitude"] - 0.9) < 3 * fit["amplitude_error"]


@pytest.mark.parametrize("n1, n2", [(1, 1), (1, 2), (2, 2), (3, 3)])
@pytest.mark.parametrize("beta", [1, 2])
def test_cavity_moments_against_circular_ensembles(n1, n2, beta):
    """Sample S from the circular ensembles (CUE: Haar U; COE: U U^T) and compare <g>, var g.

    4000 matrices: the standard error of var g is ~ var g sqrt(2/4000) ~ 2 %; 5 sigma.
    """
    from scipy.stats import unitary_group
    rng = np.random.default_rng(n1 * 10 + n2 + 100 * beta)
    n = n1 + n2
    g = []
    for _ in range(4000):
        u = unitary_group.rvs(n, random_state=rng)
        s = u @ u.T if beta == 1 else u
        g.append(np.sum(np.abs(s[n1:, :n1]) ** 2))
    g = np.array(g)
    mean, var = theory.cavity_mean_conductance(n1, n2, beta), theory.cavity_conductance_variance(n1, n2, beta)
    assert abs(g.mean() - mean) < 5 * np.sqrt(var / g.size)
    assert abs(g.var() - var) < 5 * var * np.sqrt(2 / g.size) * 1.5


def test_graphene_wire_correction_limits():
    """Valley-mixing disorder: the orthogonal wire (-1/3 at B = 0, McCann et al. form);
    no intervalley or intravalley breaking: two symplectic copies (+2/3); fields kill it."""
    assert theory.graphene_wire_correction(0.0, np.inf) == pytest.approx(-1 / 3, abs=1e-6)
    assert theory.graphene_wire_correction(0.0, 0.0) == pytest.approx(2 / 3, abs=1e-6)
    assert abs(theory.graphene_wire_correction(50.0, 1.0)) < 0.05
    partial = theory.graphene_wire_correction(0.0, 1.0, 2.0)
    assert -1 / 3 < partial < 2 / 3


def test_series_branches_join_the_closed_forms():
    """The small-argument series (used where the closed forms cancel badly) equal the
    closed forms on both sides of the switch to 1e-9 relative (mpmath references at 40 digits)."""
    import mpmath as mp
    mp.mp.dps = 40
    for x in (1e-3, 0.0199999, 0.02, 0.05):
        exact = float(mp.digamma(mp.mpf(1) / 2 + 1 / mp.mpf(x)) + mp.log(mp.mpf(x)))
        assert theory.hln(x) == pytest.approx(exact, rel=1e-9)
    for y in (1e-4, 0.0999999, 0.1, 0.5):
        yy = mp.mpf(y)
        exact = float((yy * mp.coth(yy / 2) - 2) / (4 * mp.sinh(yy / 2) ** 2))
        assert theory.window_autocorrelation(y, 1.0) == pytest.approx(exact, rel=1e-9)


def test_inelastic_film_conductance_is_matthiessen_plus_cut_off_weak_localization():
    """docs/theory/dephasing.md#the-mooij-correlation: sigma_0 / (1 + gamma tau) minus
    (1/2 pi) ln(tau_phi / tau_tot); its gamma-derivative vanishes where 2 pi sigma_0 tau gamma
    = 1 at small gamma tau (the Mooij sign change)."""
    import scipy.optimize
    sigma0, tau = 3.0, 2.0
    gamma = np.array([0.01, 0.1])
    tau_tot = tau / (1 + gamma * tau)
    expected = sigma0 * tau_tot / tau - np.log((1 / gamma) / tau_tot) / (2 * np.pi)
    assert np.allclose(theory.inelastic_film_conductance(sigma0, tau, gamma), expected)
    slope = lambda g: float(theory.inelastic_film_conductance(sigma0, tau, g * 1.0001)
                            - theory.inelastic_film_conductance(sigma0, tau, g))
    root = scipy.optimize.brentq(slope, 1e-4, 1.0)
    # exact root of -sigma0 tau / (1 + x)^2 - (tau / (1 + x) - 1/gamma) / (2 pi) = 0, x = gamma tau
    exact = scipy.optimize.brentq(lambda g: -sigma0 * tau / (1 + g * tau)**2
                                  - (tau / (1 + g * tau) - 1 / g) / (2 * np.pi), 1e-4, 1.0)
    assert root == pytest.approx(exact, rel=1e-3)
    assert root == pytest.approx(1 / (2 * np.pi * sigma0 * tau), rel=0.2)
    with pytest.raises(ValueError, match="inelastic_rate"):
        theory.inelastic_film_conductance(sigma0, tau, 0.0)


def test_interaction_correction_per_spin():
    """(1 - 3F/4) / 2 pi ln(T tau) per spin: half the spin-degenerate e^2 / (2 pi^2 hbar)."""
    value = theory.interaction_conductivity_correction_2d(0.01, 3.0, screening_factor=0.4)
    assert value == pytest.approx(2 * np.pi * (1 - 0.3) / (2 * np.pi**2) / 2 * np.log(0.03))
    assert value < 0
    with pytest.raises(ValueError, match="screening_factor"):
        theory.interaction_conductivity_correction_2d(0.01, 3.0, screening_factor=2.0)
