"""Kubo Hall conductivity from the KPM Fermi projector (docs/theory/kubo.md).

Exact checks: the stochastic marker against the same expression built from the
eigen-decomposition; quantized plateaus -nu of a clean sample from the exact local
trace; the sign from the Streda formula (sigma_xy = -dn/dphi for electrons) and from the
Landauer Hall bar (sigma_xy R_xy = -1).  Statistical: a disordered plateau within its
error.
"""

import numpy as np
import pytest

import devices
import physics
from physics import theory
from physics.linear_response import chebyshev, hall

PHI = 0.04  # l_m = 2 a; Landau levels at 0.24, 0.71, 1.15 t (lattice-corrected)


def _gap_centres(count):
    levels = theory.landau_level_energies(PHI, count + 1, lattice_correction=True)
    return (levels[:-1] + levels[1:]) / 2


def test_marker_is_the_projector_expression():
    sample = devices.ClosedSample(devices.Film(width=12, length=14), periodic=False)
    params = dict(phi=0.1, disorder=1.0)
    energies, moments = np.array([0.6, 1.4, 2.5]), 80
    result = hall.hall_conductivity(sample, energies, moments, margin=3, num_vectors=3,
                                    seeds=(2,), **params)
    h = sample.hamiltonian(seed=2, **params)
    bounds = chebyshev.spectral_bounds(h)
    values, states = np.linalg.eigh(h.toarray())
    scaled = (values - sum(bounds) / 2) / ((bounds[1] - bounds[0]) / 2)
    polynomials = np.cos(np.outer(np.arange(moments), np.arccos(scaled)))
    region = hall.bulk_region(sample.positions, 3)
    r = chebyshev.random_phase_vectors(len(values), 3, 0) * region[:, None]
    centred = sample.positions - sample.positions[region].mean(axis=0)
    x, y = np.diag(centred[:, 0]), np.diag(centred[:, 1])
    expected = []
    for steps in chebyshev.step_coefficients(energies, moments, bounds) @ polynomials:
        p = (states * steps) @ states.conj().T
        q = np.eye(len(values)) - p
        m = p @ x @ q @ y @ p
        expected.append(4 * np.pi * np.mean(np.einsum("ij,ik,kj->j", r.conj(), m, r).imag))
    assert np.allclose(result.mean, np.array(expected) / region.sum(), rtol=1e-9, atol=1e-12)


def test_clean_plateaus_are_minus_nu_with_the_streda_sign():
    """The exact trace over 16 bulk sites (13 a = 6.5 l_m from the walls): sigma_xy = -1,
    -2, -3 in the gaps (to the kernel's exponentially small error), and the Streda formula
    of the same Hamiltonian, sigma_xy = -dn/dphi (electrons: the charge density -e n grows
    in magnitude with the field), agrees: the sign is the physical one for electrons in a
    field along +z."""
    sample = devices.ClosedSample(devices.Film(width=30, length=30), periodic=False)
    gaps = _gap_centres(3)
    result = hall.hall_conductivity(sample, gaps, 400, margin=13, num_vectors=None, phi=PHI)
    assert result.region_sites == 16
    assert np.allclose(result.mean, [-1, -2, -3], atol=3e-3), result.mean
    centre = hall.bulk_region(sample.positions, 13)

    def density(phi):
        values, states = np.linalg.eigh(sample.hamiltonian(phi=phi).toarray())
        occupied = states[:, values < gaps[0]]
        return np.sum(np.abs(occupied[centre]) ** 2) / centre.sum()
    streda = -(density(PHI + 1e-3) - density(PHI - 1e-3)) / 2e-3
    assert streda == pytest.approx(result.mean[0], abs=1e-2)


def test_electrons_from_the_left_lead_run_along_the_top_edge():
    """What 'electrons in a field along +z' means for the Hamiltonian: their orbits turn
    counterclockwise, so the skipping orbits that carry current in +x run along the top
    edge (docs/theory/kubo.md#hall-conductivity-from-the-fermi-projector)."""
    wire = devices.Wire(width=40, length=20)
    density = physics.density(wire, _gap_centres(1)[0], phi=PHI)
    y = wire.site_positions[:, 1]
    assert density[y > 30].sum() > 1e6 * density[y < 10].sum()


def test_kubo_sigma_xy_inverts_the_landauer_hall_resistance():
    """On a plateau rho_xx = 0, so sigma_xy = -1 / rho_xy: the Kubo value of the bulk times
    the four-terminal R_xy of a Hall bar (the Landauer route) is -1, for both fields."""
    bar = devices.HallBar(width=24, length=64, arm_width=10)
    sample = devices.ClosedSample(devices.Film(width=40, length=40), periodic=False)
    energy = _gap_centres(2)[1]
    for phi in (PHI, -PHI):
        _, r_xy = physics.hall_resistances(physics.conductance_matrix(bar, energy, phi=phi))
        sigma = hall.hall_conductivity(sample, [energy], 400, margin=18, num_vectors=None,
                                       phi=phi).mean[0]
        assert sigma * r_xy == pytest.approx(-1, abs=3e-3), (phi, sigma, r_xy)


def test_disordered_plateau_within_its_error():
    """W = 1 t (Landau-level broadening ~0.1 t, gaps 0.47 t): the nu = 1 plateau from 8
    random vectors on a 60 x 60 bulk region of a 100 x 100 sample, averaged over five
    energies of the plateau, is -1 within 4 standard errors + 1 % (the vectors' spread;
    the five energies share the vectors, so their mean has about one energy's error)."""
    sample = devices.ClosedSample(devices.Film(width=100, length=100), periodic=False)
    energies = np.linspace(0.42, 0.54, 5)
    result = hall.hall_conductivity(sample, energies, 300, margin=20, num_vectors=8,
                                    seeds=(4,), phi=PHI, disorder=1.0)
    assert result.region_sites == 3600
    mean, error = result.mean.mean(), result.error.mean()
    assert 0.005 < error < 0.1
    assert abs(mean + 1) < 4 * error + 0.01, (mean, error)


def test_bad_input_is_named():
    ring = devices.ClosedSample(devices.Film(width=10, length=10), periodic=True)
    with pytest.raises(ValueError, match="hard walls"):
        hall.hall_conductivity(ring, [0.5], 50, phi=PHI)
    box = devices.ClosedSample(devices.Film(width=10, length=10), periodic=False)
    with pytest.raises(ValueError, match="margin"):
        hall.hall_conductivity(box, [0.5], 50, margin=6, phi=PHI)
    with pytest.raises(TypeError, match="seeds="):
        hall.hall_conductivity(box, [0.5], 50, seed=1, phi=PHI)
    block = devices.ClosedSample(devices.Block(length=4), periodic=False)
    with pytest.raises(ValueError, match="2D sample"):
        hall.hall_conductivity(block, [0.5], 50)
