"""Density response by KPM and its theory (docs/theory/kubo.md#density-response-and-the-diffusion-pole).

Exact checks: the correlation of the density wave against the eigen-decomposition; the
f-sum-like rule int dE2 S_q(E1, E2) = nu(E1) (rho_q is unitary) on Chebyshev nodes; the
spectrum of a synthetic correlation; the Boltzmann response's static and diffusive
limits.  The statistical check (the Einstein relation) is the gallery page's.
"""

import numpy as np
import pytest

import devices
from physics import theory
from physics.linear_response import chebyshev, density_response, kubo


def _ring(**params):
    ring = devices.ClosedSample(devices.Film(width=7, length=10), periodic=True)
    return ring, ring.hamiltonian(**dict(dict(disorder=2.0, seed=5), **params))


def test_density_correlation_is_the_eigen_expression():
    ring, h = _ring()
    q = 2 * np.pi * 2 / 10
    energies = np.array([0.8, 1.5, 2.6])
    result = density_response.density_correlation(ring, energies, [q], 120, num_vectors=50,
                                                   seeds=(5,), disorder=2.0)
    values, states = np.linalg.eigh(h.toarray())
    wave = density_response.density_wave(ring.positions, q, 10).toarray()
    weights = np.abs(states.conj().T @ wave @ states) ** 2
    bounds = chebyshev.spectral_bounds(h)
    x = (values - sum(bounds) / 2) / ((bounds[1] - bounds[0]) / 2)
    delta = chebyshev.delta_coefficients(energies, 120, bounds) @ np.cos(
        np.outer(np.arange(120), np.arccos(x)))
    exact = np.einsum("nm,en,fm->ef", weights, delta, delta) / ring.n_sites
    estimate = result.samples[:, 0].real
    mean, error = estimate.mean(axis=0), estimate.std(axis=0, ddof=1) / np.sqrt(50)
    assert np.all(np.abs(mean - exact) < 4 * error + 1e-12)
    assert result.samples.shape == (50, 1, 3, 3)


def test_weight_over_all_final_energies_is_the_density_of_states():
    """sum_m |<n|rho_q|m>|^2 = 1: int dE2 S_q(E1, E2) = nu(E1) for every q, vector by
    vector (the midpoint rule in theta = arccos E~ integrates the series exactly)."""
    ring, h = _ring()
    bounds = chebyshev.spectral_bounds(h)
    centre, half = sum(bounds) / 2, (bounds[1] - bounds[0]) / 2
    theta = np.pi * (np.arange(300) + 0.5) / 300
    energies = centre + half * np.cos(theta)
    result = density_response.density_correlation(ring, energies, [2 * np.pi / 10, np.pi],
                                                   100, num_vectors=2, seeds=(5,),
                                                   disorder=2.0, bounds=bounds)
    integral = np.einsum("rqef,f->rqe", result.samples.real, half * np.sin(theta) * np.pi / 300)
    r = chebyshev.random_phase_vectors(ring.n_sites, 2, 0)
    for k, q in enumerate(result.wavenumbers):
        # Per vector the weight is <rho r| delta(E1 - H) |rho r> / n: the DOS seen by rho r.
        w = density_response.density_wave(ring.positions, q, 10) @ r
        dos = np.einsum("ir,eir->re", w.conj(), chebyshev.delta_vectors(h, w, energies, 100,
                                                                          bounds)).real
        assert np.allclose(integral[:, k], dos / ring.n_sites, atol=1e-12)


def test_spectrum_of_a_correlation_that_depends_on_the_frequency_only():
    energies = np.round(np.arange(0.0, 1.0001, 0.05), 6)
    lorentz = 1 / (1 + ((energies[None, :] - energies[:, None]) / 0.1) ** 2)
    samples = np.stack([lorentz, 1.1 * lorentz])[:, None]  # two rows, one q
    result = density_response.DensityCorrelation(energies, np.array([0.1]), samples,
                                                 np.ones((1, 21)), np.zeros(21))
    omega, values, errors = result.spectrum(0.5, 0.2)
    # Pairs centred within the window, of any separation the grid holds: up to 1 t.
    assert np.allclose(omega, 0.05 * np.arange(21))
    assert np.allclose(values[0], 1.05 / (1 + (omega / 0.1) ** 2))
    assert np.all(errors[0] > 0)
    with pytest.raises(ValueError, match="window"):
        result.spectrum(0.5, 0.0)


def test_boltzmann_response_limits():
    l, tau, nu = 8.0, 4.0, 0.09
    assert theory.boltzmann_density_response(0.05, 1e-10, l, tau, nu).real == pytest.approx(nu)
    d = l**2 / (2 * tau)
    omega = np.linspace(1e-4, 0.002, 5)
    q = 0.004  # q l = 0.03: the diffusive limit
    assert np.allclose(theory.boltzmann_density_response(q, omega, l, tau, nu),
                       theory.diffusion_pole(q, omega, d, nu), rtol=0, atol=1e-3 * nu)
    # The pole: the Boltzmann response diverges at omega = -i Gamma.
    gamma = theory.boltzmann_pole_width(0.05, l, tau)
    assert abs(theory.boltzmann_density_response(0.05, -1j * gamma * (1 + 1e-9), l, tau, nu)) > 1e6
    assert gamma > d * 0.05**2
    with pytest.raises(ValueError, match="q l"):
        theory.boltzmann_pole_width(0.2, l, tau)


def test_bad_input_is_named():
    ring, _ = _ring()
    with pytest.raises(ValueError, match="does not fit the ring"):
        density_response.density_correlation(ring, [1.0, 1.1, 1.2], [0.1], 50, disorder=1.0)
    box = devices.ClosedSample(devices.Film(width=7, length=10), periodic=False)
    with pytest.raises(ValueError, match="ring"):
        density_response.density_correlation(box, [1.0], [0.0], 50)
