"""Static susceptibility / RKKY range function by the 2D Chebyshev series
(docs/theory/kubo.md#static-susceptibility-and-the-rkky-range-function).

Exact checks against the eigen-decomposition at finite temperature (with disorder and a
field), and the sum rule: the total induced density is minus the thermal local density of
states at the perturbed site.
"""

import warnings

import numpy as np
import pytest
import scipy.special

import devices
from physics.linear_response import rkky


def _exact(h, site, mu, temperature):
    values, states = np.linalg.eigh(h.toarray())
    f = scipy.special.expit(-(values - mu) / temperature)
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = (f[:, None] - f[None, :]) / (values[:, None] - values[None, :])
    difference[np.diag_indices(len(values))] = -f * (1 - f) / temperature
    amplitude = states * states[site].conj()[None, :]  # psi_n(r) psi_n(s)^*
    chi = np.einsum("nm,rn,rm->r", difference, amplitude, amplitude.conj()).real
    local_dos = np.sum(f * (1 - f) / temperature * np.abs(states[site]) ** 2)
    return chi, local_dos


@pytest.mark.parametrize("phi", [0.0, 0.05])
def test_susceptibility_is_the_eigen_double_sum(phi):
    sample = devices.ClosedSample(devices.Film(width=12, length=14), periodic=False)
    params = dict(disorder=1.0, seed=2, phi=phi)
    site, mu, temperature = 90, 1.0, 0.05
    chi = rkky.static_susceptibility(sample, site, mu, temperature, 400, **params)
    exact, local_dos = _exact(sample.hamiltonian(**params), site, mu, temperature)
    assert np.abs(chi - exact).max() < 1e-7 * np.abs(exact).max()
    assert chi[site] < 0
    # Sum rule: sum_r chi(r, s) = -(thermal local DOS at s).
    assert chi.sum() == pytest.approx(-local_dos, rel=1e-6)
    some = rkky.static_susceptibility(sample, site, mu, temperature, 400, sites=[3, site],
                                      **params)
    assert np.allclose(some, chi[[3, site]])


def test_too_few_moments_for_the_temperature_warn_and_bad_input_is_named():
    sample = devices.ClosedSample(devices.Film(width=6, length=6), periodic=False)
    with pytest.warns(UserWarning, match="num_moments = 20 is too few for temperature"):
        rkky.static_susceptibility(sample, 10, 1.0, 0.05, 20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rkky.static_susceptibility(sample, 10, 1.0, 0.05, 400)
    with pytest.raises(ValueError, match="temperature"):
        rkky.static_susceptibility(sample, 10, 1.0, 0.0, 400)
    with pytest.raises(ValueError, match="site must be"):
        rkky.static_susceptibility(sample, 36, 1.0, 0.05, 400)
    spinful = devices.ClosedSample(devices.Film(width=4, length=4, spin=True), periodic=False)
    with pytest.raises(ValueError, match="spinless"):
        rkky.static_susceptibility(spinful, 0, 1.0, 0.05, 400)


def test_continuum_range_function_is_the_integral_of_the_hankel_square():
    """chi(r) = nu int_0^{k_F} k J0(kr) Y0(kr) dk (from G = -(i m / 2) H0(kr): Im H0^2 =
    2 J0 Y0), and its asymptote -(nu / 2 pi) sin(2 k_F r) / r^2."""
    import scipy.integrate
    from physics import theory
    nu, k_f = 1 / (4 * np.pi), 0.7
    for r in (3.0, 11.0, 25.0):
        integral = scipy.integrate.quad(
            lambda k: k * scipy.special.j0(k * r) * scipy.special.y0(k * r), 0, k_f,
            limit=200)[0]
        assert theory.rkky_range_function_2d(r, k_f, nu) == pytest.approx(nu * integral,
                                                                          rel=1e-6)
    far = np.array([200.0, 400.0])
    asymptote = -nu / (2 * np.pi) * np.sin(2 * k_f * far) / far**2
    assert np.allclose(theory.rkky_range_function_2d(far, k_f, nu), asymptote,
                       atol=0.02 * nu / (2 * np.pi) / far**2)
