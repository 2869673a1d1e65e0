"""Thermal smearing and thermoelectric moments (physics.thermal) against exact integrals.

Exact identities are checked to machine precision (stated per test); asymptotic
(Sommerfeld, Mott) forms by their O(T^2) / O(T^4) remainders.
"""

import math

import numpy as np
import pytest
from scipy.integrate import quad

import devices
import physics
from physics import theory, thermal

PI2_3 = np.pi**2 / 3


# --- the window and its Gauss rule ---------------------------------------------------

def test_fermi_window_is_minus_derivative_of_f_normalized_with_variance():
    mu, kt = 1.7, 0.03
    e = np.linspace(mu - 2, mu + 2, 400001)
    w = theory.fermi_window(e, mu, kt)
    f = theory.fermi_function(e, mu, kt)
    # -df/dE by central differences: O(h^2 / kT^2) = 1e-7 relative.
    derivative = -np.gradient(f, e)
    assert np.max(np.abs(derivative - w)) < 1e-6 * w.max()
    assert abs(np.trapezoid(w, e) - 1) < 1e-10
    assert abs(np.trapezoid(w * (e - mu) ** 2, e) / (PI2_3 * kt**2) - 1) < 1e-9
    # No overflow far in the tails.
    assert theory.fermi_window(mu + 1e4, mu, 1e-3) == 0.0


@pytest.mark.parametrize("order", [0, 1, 2, 3, 4, 6, 8])
def test_window_moments_closed_form(order):
    numeric = quad(lambda x: x**order * math.exp(-abs(x)) / (1 + math.exp(-abs(x))) ** 2,
                   -200, 200, points=[0], limit=400, epsabs=1e-13)[0]
    assert theory.fermi_window_moment(order) == pytest.approx(numeric, rel=1e-10, abs=1e-12)
    assert theory.fermi_window_moment(2) == pytest.approx(np.pi**2 / 3, rel=1e-15)
    assert theory.fermi_window_moment(4) == pytest.approx(7 * np.pi**4 / 15, rel=1e-15)


@pytest.mark.parametrize("nodes", [1, 2, 5, 12, 24])
def test_gauss_fermi_rule_exact_for_polynomials_up_to_degree_2n_minus_1(nodes):
    x, w = thermal.gauss_fermi_rule(nodes)
    assert np.all(w > 0) and abs(w.sum() - 1) < 1e-14
    for degree in range(2 * nodes):
        exact = theory.fermi_window_moment(degree)
        scale = max(theory.fermi_window_moment(degree + (degree % 2)), 1.0)
        assert abs(np.sum(w * x**degree) - exact) < 1e-12 * scale, degree
    # ... and not beyond: degree 2n is not integrated exactly.
    assert abs(np.sum(w * x ** (2 * nodes)) / theory.fermi_window_moment(2 * nodes) - 1) > 1e-6


# --- thermal_average: exact identities -----------------------------------------------

MU, KT = 1.3, 0.02


@pytest.mark.parametrize("kind", ["gauss", "grid"])
def test_constant_and_linear_are_exact(kind):
    energies = np.linspace(0.5, 2.0, 301)

    def average(func):
        if kind == "gauss":
            return thermal.thermal_average(func, MU, KT)
        return thermal.thermal_average(func(energies), MU, KT, energies=energies)

    assert abs(average(lambda e: 2.5 + 0 * e) - 2.5) < 1e-14
    assert abs(average(lambda e: 3 * e + 1) - (3 * MU + 1)) < 1e-13


def test_quadratic_gauss_is_the_sommerfeld_identity():
    # int E^2 (-f') dE = mu^2 + (pi^2/3)(kT)^2 exactly.
    value = thermal.thermal_average(lambda e: e**2, MU, KT)
    assert value == pytest.approx(MU**2 + PI2_3 * KT**2, rel=1e-14)


def test_quadratic_grid_adds_exactly_the_interpolation_error():
    # The linear interpolant of E^2 exceeds it by (E - E_i)(E_i+1 - E), whose
    # window average is h^2/6 when k_BT >> h (Fourier remainder ~ exp(-2 pi^2 kT/h)).
    energies = np.linspace(0.5, 2.0, 301)
    h = energies[1] - energies[0]
    value = thermal.thermal_average(energies**2, MU, KT, energies=energies)
    assert value == pytest.approx(MU**2 + PI2_3 * KT**2 + h**2 / 6, rel=1e-14)


def test_polynomial_moments_equal_the_sommerfeld_series():
    def poly(e):
        return 1 + 2 * e - e**2 + 0.5 * e**3 - 0.1 * e**4
    derivatives = [poly(MU), 2 - 2 * MU + 1.5 * MU**2 - 0.4 * MU**3, -2 + 3 * MU - 1.2 * MU**2,
                   3 - 2.4 * MU, -2.4]
    moments = thermal.landauer_moments(poly, MU, KT, nodes=6)  # degree 6 integrand: exact
    assert np.allclose(moments, theory.sommerfeld_moments(derivatives, KT), rtol=1e-12,
                       atol=1e-18)


def test_grid_matches_independent_quadrature_for_smooth_transmission():
    # Piecewise-linear interpolation error O(h^2 T''/8): h = 2e-4, T'' ~ 10 -> < 1e-7.
    def trans(e):
        return 3 + np.tanh((e - 1.25) / 0.3)
    energies = np.linspace(0.5, 2.0, 7501)
    grid = thermal.landauer_moments(trans(energies), MU, KT, energies=energies)
    for n in range(3):
        exact = quad(lambda e: trans(e) * (e - MU) ** n * theory.fermi_window(e, MU, KT),
                     MU - 1, MU + 1, points=[MU], limit=400, epsabs=1e-14)[0]
        assert abs(grid[n] - exact) < 1e-7 * KT**n, n


def test_grid_tails_and_coverage():
    energies = np.linspace(MU - 0.3, MU + 0.3, 601)  # mu +- 15 kT: misses 6e-7 of the window
    with pytest.raises(ValueError, match="energies"):
        thermal.thermal_average(np.ones(601), MU, KT, energies=energies)
    # Constant continuation: a constant stays exact whatever the coverage.
    value = thermal.thermal_average(np.full(601, 4.0), MU, KT, energies=energies,
                                    tail_tolerance=1e-3)
    assert abs(value - 4) < 1e-14
    grid = thermal.window_energies(MU, KT)
    assert grid[0] <= MU - 21 * KT and grid[-1] >= MU + 21 * KT
    assert thermal.thermal_average(grid, MU, KT, energies=grid) == pytest.approx(MU, rel=1e-14)


def test_zero_temperature_limits():
    energies = np.linspace(0, 2, 21)
    values = energies**2
    # Linear interpolation at mu = 1.05 between 1.0 and 1.1.
    assert thermal.thermal_average(values, 1.05, 0.0, energies=energies) == pytest.approx(
        0.5 * (1.0 + 1.21), rel=1e-14)
    assert thermal.thermal_average(lambda e: e**2, 1.05, 0.0) == pytest.approx(1.05**2)
    moments = thermal.landauer_moments(values, 1.05, 0.0, energies=energies)
    assert moments[1] == 0 and moments[2] == 0
    # k_BT << h continuously reaches the interpolated value.
    small = thermal.thermal_average(values, 1.05, 1e-6, energies=energies)
    assert abs(small - 1.105) < 1e-12


def test_extra_dimensions_are_kept():
    energies = thermal.window_energies(MU, KT)
    values = np.stack([np.ones_like(energies), energies, energies**2])
    result = thermal.thermal_average(values, MU, KT, energies=energies)
    assert result.shape == (3,)
    assert result[1] == pytest.approx(MU, rel=1e-14)
    by_column = thermal.thermal_average(values.T, MU, KT, energies=energies, axis=0)
    assert np.allclose(result, by_column, rtol=1e-15)
    moments = thermal.landauer_moments(lambda e: np.array([1.0, e]), MU, KT)
    assert moments.shape == (3, 2)


# --- thermoelectric coefficients -----------------------------------------------------

def _step_moments(x_step):
    """Exact L_n / (kT)^n of T(E) = theta(E - E_s), x_s = (E_s - mu)/kT, by quad."""
    def w(x):
        return math.exp(-abs(x)) / (1 + math.exp(-abs(x))) ** 2
    return [quad(lambda x: x**n * w(x), x_step, 200, limit=400, epsabs=1e-14)[0]
            for n in range(3)]


def test_single_step_closed_form():
    # mu on a subband threshold: L0 = 1/2, L1 = ln 2 kT, L2 = (pi^2/6) kT^2, so
    # S = -2 ln 2 k_B/e and L/L0 = 1 - 12 ln^2 2 / pi^2 = 0.4158.
    kt, h = 0.01, 2e-5  # the grid smooths the step over h: O((h/kT)^2) = 4e-6
    energies = MU + h * (np.arange(-10000, 10000) + 0.5)  # mu +- 20 kT
    result = thermal.thermoelectric((energies > MU).astype(float), MU, kt, energies=energies,
                                    tail_tolerance=1e-8)
    assert result.conductance == pytest.approx(0.5, abs=1e-8)
    assert result.thermopower == pytest.approx(-2 * math.log(2), rel=1e-5)
    assert result.lorenz_ratio == pytest.approx(1 - 12 * math.log(2) ** 2 / np.pi**2, rel=1e-5)
    # Off the threshold, against quad.
    x_step = 0.7
    result = thermal.landauer_moments((energies > MU + x_step * kt).astype(float), MU, kt,
                                      energies=energies, tail_tolerance=1e-8)
    assert np.allclose(result / kt ** np.arange(3), _step_moments(x_step), rtol=1e-5)


def test_clean_staircase_mid_plateau_obeys_wiedemann_franz():
    # Clean width-4 wire: g(E) = theory.open_channels, the exact Kwant result
    # (tests/test_clean_wire.py).  Mid-plateau between thresholds 1.382 and 2.618,
    # Delta = 0.618/2 = 30 kT: deviations ~ (Delta/kT)^2 exp(-Delta/kT) ~ 1e-10.
    bottoms = theory.hard_wall_subband_energies(4)
    mu = 0.5 * (bottoms[1] + bottoms[2])
    kt = (bottoms[2] - bottoms[1]) / 60
    energies = thermal.window_energies(mu, kt, energy_step=kt / 20)
    staircase = theory.open_channels(energies, 4).astype(float)
    result = thermal.thermoelectric(staircase, mu, kt, energies=energies)
    assert result.conductance == pytest.approx(2, abs=1e-12)
    assert abs(result.lorenz_ratio - 1) < 1e-8
    assert abs(result.thermopower) < 1e-8  # T'(mu) = 0: no thermopower
    # kappa = N (pi^2/3) k_BT: the thermal conductance quantum per channel.
    assert result.kappa == pytest.approx(2 * PI2_3 * kt, rel=1e-8)


def test_mott_formula_agrees_with_exact_first_moment_to_order_t_squared():
    # Smooth T(E) = 3 + tanh((E - E0)/s); relative correction of Mott:
    # (kT)^2 [(7 pi^2/30) T'''/T' - (pi^2/6) T''/T] (derived from the Sommerfeld series).
    e0, s = 1.25, 0.3
    u = math.tanh((MU - e0) / s)
    t0, t1 = 3 + u, (1 - u**2) / s
    t2 = -2 * u * (1 - u**2) / s**2
    t3 = (1 - u**2) * (6 * u**2 - 2) / s**3
    coefficient = 7 * np.pi**2 / 30 * t3 / t1 - np.pi**2 / 6 * t2 / t0
    remainders = []
    for kt in (0.005, 0.0025):
        exact = thermal.thermoelectric(lambda e: 3 + math.tanh((e - e0) / s), MU, kt, nodes=30)
        mott = theory.mott_thermopower(t0, t1, kt)
        relative = exact.thermopower / mott - 1
        assert abs(relative) < 2e-3
        remainders.append(relative - coefficient * kt**2)
        # The O(kT^2) term explains all but an O(kT^4) remainder (~5e3 kT^4 here).
        assert abs(remainders[-1]) < 0.01 * abs(coefficient) * kt**2
    # ... which scales as kT^4: halving kT divides it by 16 (O(kT^2) = 5 % correction).
    assert remainders[0] / remainders[1] == pytest.approx(16, rel=0.05)


def test_lorenz_ratio_low_temperature_expansion():
    def trans(e):
        return 5 + np.sin(e / 0.1)
    t0, t1, t2 = trans(MU), np.cos(MU / 0.1) / 0.1, -np.sin(MU / 0.1) / 0.01
    for kt in (0.005, 0.0025):
        exact = thermal.thermoelectric(trans, MU, kt, nodes=30).lorenz_ratio
        predicted = theory.lorenz_ratio_low_temperature(t0, t1, t2, kt)
        # Deviation O(kT^2) ~ 1e-3; remainder O(kT^4 / E_c^4) with E_c = 0.1: < 3 %.
        assert abs((exact - 1) / (predicted - 1) - 1) < 0.03 * (kt / 0.005) ** 2


def test_zero_transmission_gives_nan_thermopower():
    result = thermal.thermoelectric(lambda e: 0.0, MU, KT)
    assert result.conductance == 0 and result.kappa == 0
    assert np.isnan(result.thermopower) and np.isnan(result.lorenz_ratio)


# --- units and helpers ----------------------------------------------------------------

def test_si_conversion():
    assert thermal.LORENZ_NUMBER_SI == pytest.approx(2.443e-8, rel=1e-3)
    assert thermal.BOLTZMANN_OVER_CHARGE == pytest.approx(86.17e-6, rel=1e-4)
    # t = 1 meV: k_BT = 0.1 t is 1.1605 K.
    assert thermal.kelvin(0.1, 1.0) == pytest.approx(1.1604518, rel=1e-6)
    result = thermal.thermoelectric(lambda e: 2.0 + 0 * e, MU, KT)
    si = thermal.to_si(result, hopping=1.0)
    assert si["lorenz_number"] == pytest.approx(thermal.LORENZ_NUMBER_SI, rel=1e-12)
    # kappa = N pi^2 k_B^2 T / (3h) for N = 2 open channels.
    kb, h = 1.380649e-23, 6.62607015e-34
    assert si["kappa"] == pytest.approx(2 * np.pi**2 * kb**2 * si["temperature"] / (3 * h),
                                        rel=1e-12)
    assert si["conductance"] == pytest.approx(2 * 7.748091729e-5 / 2, rel=1e-9)


def test_thermal_length():
    # L_T = sqrt(hbar D / k_BT); L_T/L = sqrt(E_T / k_BT) with E_T = D/L^2.
    assert theory.thermal_length(16.0, 0.04) == pytest.approx(20.0)
    d, length, kt = 7.5, 60.0, np.array([0.001, 0.01])
    e_thouless = d / length**2
    assert np.allclose(theory.thermal_length(d, kt) / length, np.sqrt(e_thouless / kt))


# --- one device ----------------------------------------------------------------------

def test_smeared_conductance_of_a_clean_plateau_is_exact():
    wire = devices.Wire(width=4, length=3)
    bottoms = theory.hard_wall_subband_energies(4)
    mu = 0.5 * (bottoms[1] + bottoms[2])
    # 12 Gauss-Fermi nodes reach 27 kT = 0.14 t < Delta = 0.31 t: every node on the plateau.
    g = physics.smeared_conductance(wire, mu, 0.005, nodes=12)
    assert abs(g - 2) < 1e-9
    assert physics.smeared_conductance(wire, mu, 0.0) == pytest.approx(2, abs=1e-9)


def test_smeared_conductance_grid_and_gauss_agree_on_a_smooth_sample():
    # A 6 x 8 disordered sample: E_c ~ E_T ~ D/L^2 ~ 0.1 t >> kT = 0.004 t, so
    # g(E) is smooth over the window and both quadratures converge.
    wire = devices.Wire(width=6, length=8)
    params = dict(disorder=1.5, seed=4)
    mu, kt = 2.0, 0.004
    gauss = physics.smeared_conductance(wire, mu, kt, nodes=10, **params)
    grid = physics.smeared_conductance(wire, mu, kt, energy_step=kt, **params)
    g0 = physics.conductance(wire, mu, **params)
    # Grid error O(h^2 g''/8) with g'' ~ g/E_c^2: ~1e-4; the smearing itself ~ (kT/E_c)^2 g.
    assert abs(gauss - grid) < 5e-4
    assert abs(gauss - g0) < 0.05


@pytest.mark.parametrize("call, name", [
    (lambda: thermal.thermal_average(lambda e: 1.0, MU, -0.01), "temperature"),
    (lambda: thermal.thermal_average(lambda e: 1.0, MU, float("nan")), "temperature"),
    (lambda: thermal.thermal_average(lambda e: 1.0, MU, float("inf")), "temperature"),
    (lambda: thermal.thermal_average(lambda e: 1.0, float("nan"), 0.1), "mu"),
    (lambda: thermal.thermal_average(np.ones(3), MU, 0.1), "energies"),
    (lambda: thermal.thermal_average(np.ones(3), MU, 0.1, energies=[1.0, 0.5, 2.0]),
     "energies"),
    (lambda: thermal.thermal_average(np.ones(4), MU, 0.0, energies=[0.0, 1.0, 2.0]), "values"),
    (lambda: thermal.thermal_average(np.ones(3), 5.0, 0.0, energies=[0.0, 1.0, 2.0]), "mu"),
    (lambda: thermal.thermal_average(lambda e: 1.0, MU, 0.1, nodes=0), "nodes"),
    (lambda: thermal.thermal_average(lambda e: 1.0, MU, 0.1, energy_step=0.0), "energy_step"),
    (lambda: thermal.thermal_average(lambda e: 1.0, MU, 0.1, tail_tolerance=2.0),
     "tail_tolerance"),
    (lambda: thermal.thermoelectric(lambda e: 1.0, MU, 0.0), "temperature"),
    (lambda: theory.fermi_window(1.0, MU, 0.0), "temperature"),
    (lambda: thermal.window_energies(MU, -1.0), "temperature"),
    (lambda: theory.thermal_length(-1.0, 0.1), "diffusion_constant"),
    (lambda: theory.thermal_length(1.0, 0.0), "temperature"),
    (lambda: physics.smeared_conductance(devices.Wire(width=4, length=3), 2.0, -0.1),
     "temperature"),
    (lambda: thermal.kelvin(0.1, -1.0), "hopping"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- UCF smearing helpers --------------------------------------------------------------

def test_window_autocorrelation_closed_form():
    kt = 0.02
    e = np.linspace(-2, 2, 400001)
    for omega in (0.0, 0.006, 0.06, 0.2):
        numeric = np.trapezoid(theory.fermi_window(e, 0.0, kt)
                               * theory.fermi_window(e + omega, 0.0, kt), e)
        assert theory.window_autocorrelation(omega, kt) == pytest.approx(numeric, rel=1e-8)
    assert theory.window_autocorrelation(0.0, kt) == pytest.approx(1 / (6 * kt), rel=1e-14)


def test_ucf_model_limits():
    # F(0) = 1; the quasi-1D half widths of the two terms bracket the combined one.
    assert theory.ucf_energy_correlation(0.0, 3.0) == pytest.approx(1.0, rel=1e-14)
    assert 0.45 < theory.ucf_energy_correlation(6.9, 3.0) < 0.55
    # No smearing at k_BT << E_T; at k_BT >> E_T the reduction falls below 1/k_BT^0.5.
    assert theory.thermal_ucf_reduction(0.01, 3.0) == pytest.approx(1, abs=1e-4)
    small, large = theory.thermal_ucf_reduction([10.0, 100.0], 3.0)
    assert large < small / np.sqrt(10) and large > small / 10


def test_conductance_on_grid_equals_pointwise_conductance():
    wire = devices.Wire(width=4, length=5)
    energies = np.array([1.0, 1.5])
    table = physics.conductance_on_grid(wire, energies, seeds=[1, 2], disorder=1.0)
    for i, seed in enumerate([1, 2]):
        for j, energy in enumerate(energies):
            assert table[i, j] == physics.conductance(wire, energy, disorder=1.0, seed=seed)
    with pytest.raises(ValueError, match="seed"):
        physics.conductance_on_grid(wire, energies, seeds=[1], seed=2)


def test_temperature_is_one_parameter_of_conductance_and_ensemble():
    import physics
    wire = devices.Wire(width=5, length=10)
    params = dict(disorder=1.0, seed=3)
    smeared = physics.conductance(wire, 1.3, temperature=0.02, **params)
    assert smeared == pytest.approx(physics.smeared_conductance(wire, 1.3, 0.02, **params))
    assert physics.conductance(wire, 1.3, temperature=0.0, **params) == \
        physics.conductance(wire, 1.3, **params)
    ds = physics.ensemble(wire, energy=1.3, seeds=[3], sweep={"temperature": [0.0, 0.02]},
                          disorder=1.0, executor="serial")
    assert ds.conductance.values[0, 0] == pytest.approx(physics.conductance(wire, 1.3, **params))
    assert ds.conductance.values[0, 1] == pytest.approx(smeared, abs=1e-12)
    both = physics.conductance(wire, 1.3, temperature=0.02, dephasing=0.05, **params)
    assert both == pytest.approx(physics.smeared_conductance(wire, 1.3, 0.02, dephasing=0.05,
                                                             **params))
    with pytest.raises(ValueError, match="temperature"):
        physics.conductance(wire, 1.3, temperature=-0.1)
    with pytest.raises(ValueError, match="only the"):
        physics.ensemble(wire, energy=1.3, seeds=[0], temperature=0.01,
                         observables=("fano_factor",), executor="serial")
