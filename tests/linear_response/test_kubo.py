"""Kernel polynomial method and the Kubo-Greenwood conductivity (docs/theory/kubo.md).

Exact checks: the KPM delta functions against the eigen-decomposition, the kernel's
resolution formula against quadrature, the DOS sum rule, the velocity against the twist
derivative of the levels, the optical integral on a synthetic correlation.  Statistical
checks (fixed seeds): the stochastic trace against the exact trace within its own error,
sigma_xx of a 300 x 300 film against Born-Drude, and against Kwant's Kubo-Bastin.
"""

import warnings

import numpy as np
import pytest
import scipy.integrate
import scipy.special

import devices
from physics import theory
from physics.analysis.regime import transport_parameters
from physics.linear_response import chebyshev, kubo


def _small_sample(width=9, length=11, **params):
    ring = devices.ClosedSample(devices.Film(width=width, length=length), periodic=True)
    params = dict(dict(disorder=1.5, seed=3, phi=0.01), **params)
    return ring, kubo.sample_operators(ring, **params)


def _broadened(values, energies, num_moments, bounds):
    """delta_K(E - value) for every E (rows) and value (columns), from the coefficients."""
    x = (np.asarray(values) - sum(bounds) / 2) / ((bounds[1] - bounds[0]) / 2)
    chebyshev_values = np.cos(np.outer(np.arccos(x), np.arange(num_moments)))
    return chebyshev.delta_coefficients(energies, num_moments, bounds) @ chebyshev_values.T


def test_delta_vectors_equal_the_eigen_expansion():
    _, (h, _, _) = _small_sample()
    bounds = chebyshev.spectral_bounds(h)
    energies = np.array([0.3, 1.0, 4.2, 7.5])
    deltas = chebyshev.delta_vectors(h, np.eye(h.shape[0]), energies, 200, bounds)
    values, vectors = np.linalg.eigh(h.toarray())
    exact = np.einsum("in,en,jn->eij", vectors, _broadened(values, energies, 200, bounds),
                      vectors.conj())
    assert np.abs(deltas - exact).max() < 1e-12 * np.abs(exact).max() * 100


def test_green_vectors_equal_the_eigen_expansion_and_their_imaginary_part_is_the_delta():
    """G(E + i0) V by KPM is the eigen-expansion with the series' own function of the levels;
    -Im/pi of its coefficients is the delta function's, and away from the levels its real
    part is the broadened principal value 1/(E - e)."""
    _, (h, _, _) = _small_sample()
    bounds = chebyshev.spectral_bounds(h)
    energies, moments = np.array([0.5, 1.7, 4.0]), 150
    green = chebyshev.green_vectors(h, np.eye(h.shape[0]), energies, moments, bounds)
    values, vectors = np.linalg.eigh(h.toarray())
    x = (values - sum(bounds) / 2) / ((bounds[1] - bounds[0]) / 2)
    series = chebyshev.green_coefficients(energies, moments, bounds) @ np.cos(
        np.outer(np.arange(moments), np.arccos(x)))
    exact = np.einsum("in,en,jn->eij", vectors, series, vectors.conj())
    assert np.abs(green - exact).max() < 1e-12 * np.abs(exact).max() * 100
    assert np.allclose(-chebyshev.green_coefficients(energies, moments, bounds).imag / np.pi,
                       chebyshev.delta_coefficients(energies, moments, bounds), atol=1e-12)
    far = np.abs(values - energies[1]) > 1.5  # the kernel broadens 1/(E - e) by ~(0.1 t)^2
    assert np.abs(series[1, far].real - 1 / (energies[1] - values[far])).max() < 0.01


def test_spectral_bounds_hold_the_spectrum():
    _, (h, _, _) = _small_sample(disorder=3.0)
    low, high = chebyshev.spectral_bounds(h)
    values = np.linalg.eigvalsh(h.toarray())
    assert low < values.min() and values.max() < high


@pytest.mark.parametrize("energy", [-0.8, 0.0, 2.5])
def test_kernel_resolution_is_the_width_of_the_broadened_delta(energy):
    bounds, moments = (-4.0, 4.0), 150
    grid = np.linspace(-3.9999, 3.9999, 40001)
    delta = _broadened([energy], grid, moments, bounds)[:, 0]
    norm = scipy.integrate.simpson(delta, x=grid)
    variance = scipy.integrate.simpson(delta * (grid - energy) ** 2, x=grid)
    assert norm == pytest.approx(1.0, abs=1e-6)
    assert chebyshev.kernel_resolution(energy, moments, bounds) == pytest.approx(
        np.sqrt(variance), rel=1e-4)
    # Near the centre of the interval: ~ pi half-width / N.
    if energy == 0.0:
        assert np.sqrt(variance) == pytest.approx(np.pi * 4.0 / moments, rel=0.02)


def test_density_of_states_sum_rule_and_exact_value():
    _, (h, _, _) = _small_sample()
    bounds = chebyshev.spectral_bounds(h)
    # |r_i| = 1, so int Tr delta(E - H) / n dE = <r|r> / n = 1 for any vector.  In
    # E = centre + half cos(theta) the integrand is a cosine series of degree < 100, which
    # the midpoint rule on 400 points integrates exactly.
    centre, half = sum(bounds) / 2, (bounds[1] - bounds[0]) / 2
    theta = np.pi * (np.arange(400) + 0.5) / 400
    dos, _ = chebyshev.density_of_states(h, centre + half * np.cos(theta), 100, num_vectors=1,
                                         seed=5, bounds=bounds)
    assert np.sum(dos * half * np.sin(theta)) * np.pi / 400 == pytest.approx(1.0, abs=1e-12)
    energies = np.array([1.0, 2.0, 6.0])
    dos, error = chebyshev.density_of_states(h, energies, 100, num_vectors=40, seed=5,
                                             bounds=bounds)
    exact = _broadened(np.linalg.eigvalsh(h.toarray()), energies, 100, bounds).mean(axis=1)
    assert np.all(np.abs(dos - exact) < 4 * error)


def test_random_vectors_do_not_change_with_their_count():
    assert np.array_equal(chebyshev.random_phase_vectors(50, 2, 7),
                          chebyshev.random_phase_vectors(50, 5, 7)[:, :2])


def test_velocity_diagonal_is_the_level_velocity():
    """<n|v|n> = L d e_n / d twist: the uniform velocity and the seam twist agree."""
    ring = devices.ClosedSample(devices.Film(width=6, length=9), periodic=True)
    params = dict(disorder=1.0, seed=2, twist=0.7)
    h, v, volume = kubo.sample_operators(ring, **params)
    assert volume == 54
    _, vectors = np.linalg.eigh(h.toarray())
    derivative = ring.twist_derivative(**params).toarray()
    level_velocity = np.einsum("in,ij,jn->n", vectors.conj(), v.toarray(), vectors).real
    twist_slope = np.einsum("in,ij,jn->n", vectors.conj(), derivative, vectors).real
    assert np.allclose(level_velocity, 9 * twist_slope, atol=1e-10)
    assert abs(v - v.getH()).max() < 1e-14


def test_velocity_across_a_torus_is_the_plane_wave_velocity():
    """v_y on a clean torus: eigenvalues 2 sin(2 pi n / W) (the y seam is a minimum image)."""
    torus = devices.ClosedSample(devices.Film(width=6, length=5), periodic="xy")
    h, v, volume = kubo.sample_operators(torus, direction=1)
    assert volume == 30
    assert abs(h @ v - v @ h).max() < 1e-12
    exact = np.repeat(2 * np.sin(2 * np.pi * np.arange(6) / 6), 5)
    assert np.allclose(np.linalg.eigvalsh(v.toarray()), np.sort(exact), atol=1e-12)


def test_kubo_greenwood_matches_the_exact_trace_within_its_error():
    ring, (h, v, volume) = _small_sample()
    energies = np.array([0.8, 1.6, 2.4, 3.2])
    result = kubo.kubo_greenwood(ring, energies, 120, num_vectors=64, seeds=(3,), disorder=1.5,
                                 phi=0.01)
    values, vectors = np.linalg.eigh(h.toarray())
    v_nm = np.abs(vectors.conj().T @ v.toarray() @ vectors) ** 2
    bounds = chebyshev.spectral_bounds(h)
    delta = _broadened(values, energies, 120, bounds)
    exact = 2 * np.pi**2 * np.einsum("nm,en,fm->ef", v_nm, delta, delta) / volume
    z = (result.matrix - exact) / result.error
    assert np.all(np.abs(z) < 4)
    assert 0.4 < np.sqrt(np.mean(z**2)) < 2.0  # the error estimate is of the right size
    assert np.allclose(result.matrix, result.matrix.T)


def test_optical_integral_of_a_correlation_that_depends_on_the_frequency_only():
    energies = np.linspace(0.0, 1.0, 21)
    lorentzian = 1 / (1 + ((energies[None, :] - energies[:, None]) * 5) ** 2)
    result = kubo.KuboConductivity(energies, lorentzian[None], np.zeros(21),
                                   np.zeros((21, 21)))
    omega, sigma, _ = result.optical(0.4)
    assert np.allclose(omega, 0.05 * np.arange(9))
    assert np.allclose(sigma, 1 / (1 + (omega * 5) ** 2))
    with pytest.raises(ValueError, match="fermi_energy"):
        result.optical(0.41)


def test_dc_conductivity_is_the_born_drude_one():
    """A 300 x 300 film closed along x, W = 1 t, weak field (no weak localization:
    phi = 2e-4 is ~10 B_phi of the resolution's length and omega_c tau ~ 0.05): sigma_xx
    averaged over 36 energies in 0.6 - 2 t is the Born-Drude sheet conductance broadened by
    the kernel, within 3 % (Born with the band shift, measured within ~2 %) + 3 standard
    errors (the spread over energies, ~2.5 %)."""
    film = devices.ClosedSample(devices.Film(width=300, length=300), periodic=True)
    energies = np.round(np.arange(0.6, 2.001, 0.04), 6)
    phi, disorder = 2e-4, 1.0
    result = kubo.kubo_greenwood(film, energies, 1200, num_vectors=1, seeds=(11,),
                                 disorder=disorder, phi=phi)
    drude = []
    for energy, resolution in zip(energies, result.resolution):
        born = transport_parameters(energy, disorder)
        drude.append(theory.resolution_broadened_drude(
            0.0, born["sheet_conductance"], born["scattering_time"], resolution, 4 * np.pi * phi))
    ratio = result.dc / np.array(drude)
    error = ratio.std(ddof=1) / np.sqrt(len(ratio))
    assert abs(ratio.mean() - 1) < 0.03 + 3 * error, (ratio.mean(), error)


def test_dc_conductivity_agrees_with_kwant_kubo_bastin():
    """The same sample, vectors and kernel through kwant.kpm.conductivity (Kubo-Bastin, the
    Fermi sea at k T = 5e-4 t): the two formulas agree at T -> 0 up to their different
    treatment of the broadening; within 10 % on the mean of five energies (a check of the
    normalization: volume, 2 pi^2, e^2/h)."""
    kwant = pytest.importorskip("kwant")
    ring = devices.ClosedSample(devices.Film(width=50, length=50), periodic=True)
    h, v, volume = kubo.sample_operators(ring, disorder=1.5, seed=1)
    bounds = chebyshev.spectral_bounds(h)
    energies = np.array([0.8, 1.0, 1.2, 1.4, 1.6])
    vectors = chebyshev.random_phase_vectors(h.shape[0], 3, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow in its Fermi function
        bastin = kwant.kpm.conductivity(
            h, alpha=v, beta=v, positions=np.zeros((h.shape[0], 2)), num_moments=300,
            num_vectors=3, bounds=bounds, vector_factory=list(vectors.T))
        theirs = np.array([bastin(mu=e, temperature=5e-4) for e in energies]).real / volume
    ours = kubo.kubo_greenwood(ring, energies, 300, num_vectors=3, seeds=(1,), disorder=1.5,
                               bounds=bounds).dc
    assert np.mean(ours) == pytest.approx(np.mean(theirs), rel=0.10)


def test_drude_theory_forms():
    tau, sigma0 = 12.0, 5.0
    omega = np.linspace(0, 1, 11)
    assert np.allclose(theory.drude_optical_conductivity(omega, sigma0, tau).real,
                       sigma0 / (1 + (omega * tau) ** 2))
    voigt = sigma0 * np.pi / tau * scipy.special.voigt_profile(0.0, np.sqrt(2) * 0.02, 1 / tau)
    assert theory.resolution_broadened_drude(0.0, sigma0, tau, 0.02) == pytest.approx(voigt,
                                                                                      rel=1e-4)
    assert theory.resolution_broadened_drude(0.0, sigma0, tau, 0.0) == pytest.approx(sigma0)


def test_bad_input_is_named():
    ring, _ = _small_sample()
    with pytest.raises(ValueError, match="energies must lie inside"):
        kubo.kubo_greenwood(ring, [20.0], 50, disorder=1.0)
    with pytest.raises(TypeError, match="seeds="):
        kubo.kubo_greenwood(ring, [1.0], 50, disorder=1.0, seed=3)
    with pytest.raises(ValueError, match="num_moments"):
        kubo.kubo_greenwood(ring, [1.0], 1, disorder=1.0)
    with pytest.raises(ValueError, match="vectors must have"):
        chebyshev.delta_vectors(np.eye(3), np.ones(4), [0.5], 10)


def test_sample_error_is_the_spread_of_two_or_more_samples_else_the_fallback():
    rows = np.array([[1.0, 2.0], [3.0, 2.0], [5.0, 2.0]])
    assert np.allclose(chebyshev.sample_error(rows, np.ones(2)), [2 / np.sqrt(3), 0.0])
    assert np.array_equal(chebyshev.sample_error(rows[:1], np.array([0.5, 0.25])), [0.5, 0.25])
    assert np.all(np.isnan(chebyshev.sample_error(rows[:1], None)))
