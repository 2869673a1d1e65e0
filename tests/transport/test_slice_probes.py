"""Buttiker probes by slice recursion: equal to the exact elimination, conserving, reciprocal."""

import numpy as np
import pytest

import devices
import physics
from physics import dephasing
from physics.transport import slice_probes

#: Bars of every kind the slice solver takes, with field, spin terms and probe layouts.
CASES = [
    (devices.Wire(width=5, length=12), 1.0, dict(disorder=1.5, seed=3, phi=0.02), 0.05, "all"),
    (devices.Wire(width=6, length=10), 1.0, dict(disorder=1.5, seed=3, phi=0.02), 0.1,
     "checkerboard"),
    (devices.Film(width=8, length=8), 3.4, dict(disorder=3.0, seed=1, phi=0.01), 0.02, "grid:2"),
    (devices.Wire(width=4, length=8, spin=True), 1.2,
     dict(disorder=1.5, seed=3, phi=0.02, rashba=0.2, zeeman=0.1), 0.3, "all"),
    (devices.Wire(width=4, length=6, spin=True), 1.2,
     dict(disorder=1.5, seed=2, phi=0.02, so_disorder=0.5, random_flux=0.2), 0.1, "all"),
    (devices.Film(width=4, length=5, thickness=3), 2.5,
     dict(disorder=1.5, seed=3, field_direction=(1, 0.5, 2), phi=0.03), 0.1, "grid:2"),
    (devices.Wire(width=7, length=9), 1.0, dict(disorder=1.0, seed=5, phi=0.01), 0.08,
     np.array([3, 10, 11, 30, 62])),
]


def _ids(case):
    device, _, params, eta, probes = case
    return f"{type(device).__name__}-{probes if isinstance(probes, str) else 'sites'}-{eta}"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_equals_the_exact_elimination(case):
    device, energy, params, eta, probes = case
    solve_params = device.solve_params(**params)
    exact = dephasing.DephasingSolver(device, probes).conductance_matrix(energy, solve_params, eta)
    sliced = slice_probes.SliceDephasingSolver(device, probes)
    ours = sliced.conductance_matrix(energy, solve_params, eta)
    assert sliced.iterations > 0
    assert np.abs(ours - exact).max() < 1e-10 * np.abs(exact).max()
    # Current conservation: out of lead 0 = into lead 1 (computed independently).
    assert ours[0, 0] == pytest.approx(-ours[1, 0], rel=1e-10)


def test_onsager_reciprocity_in_a_field():
    wire = devices.Wire(width=6, length=14)
    sliced = slice_probes.SliceDephasingSolver(wire, "all")
    params = dict(disorder=2.0, seed=7)
    plus = sliced.conductance_matrix(1.0, wire.solve_params(phi=0.03, **params), 0.04)
    minus = sliced.conductance_matrix(1.0, wire.solve_params(phi=-0.03, **params), 0.04)
    assert np.allclose(plus, minus.T, rtol=1e-10, atol=0)
    # ... while the probe equations themselves are not symmetric in the field:
    coherent = physics.conductance(wire, 1.0, phi=0.03, **params)
    assert abs(-plus[1, 0] - coherent) > 1e-3


def test_zero_coupling_is_the_coherent_transmission():
    wire = devices.Wire(width=5, length=12)
    params = wire.solve_params(disorder=1.0, seed=2, phi=0.01)
    sliced = slice_probes.SliceDephasingSolver(wire)
    coherent = physics.conductance(wire, 1.0, disorder=1.0, seed=2, phi=0.01)
    assert sliced.conductance_matrix(1.0, params, 0.0)[1, 0] == pytest.approx(-coherent, rel=1e-12)
    assert -sliced.conductance_matrix(1.0, params, 1e-9)[1, 0] == pytest.approx(coherent,
                                                                                 abs=1e-6)


def test_lesser_sweep_sum_rule():
    """G (Gamma_0 + Gamma_1 + 2 eta P) G^dagger = A = i (G - G^dagger): every orbital's
    escape rates into the leads and the probes add up to its spectral weight."""
    wire = devices.Wire(width=4, length=7, spin=True)
    sliced = slice_probes.SliceDephasingSolver(wire, "all")
    eta = 0.07
    params = wire.solve_params(disorder=1.0, seed=1, phi=0.02, rashba=0.2)
    slices = sliced.green_slices(1.0, params, eta)
    gamma_0, gamma_1 = slices["broadenings"]
    sources = np.full((sliced.n_slices, sliced.m), 2 * eta)
    values, (into_0, into_1) = sliced.lesser_diagonal(slices, sources, gamma_0, gamma_1)
    spectral = -2 * np.imag(np.einsum("sii->si", slices["full"]))
    assert np.allclose(values, spectral, rtol=1e-11, atol=1e-13)
    # ... and the coherent transmission from lead 0 agrees with the coherent solver's
    # (probes off: eta -> 0 leaves G Gamma_0 G^dagger traced with Gamma_1 = T).
    coherent = sliced.green_slices(1.0, params, 0.0)
    _, (_, transmission) = sliced.lesser_diagonal(
        coherent, np.zeros_like(sources), coherent["broadenings"][0])
    assert transmission == pytest.approx(sliced.transmission(1.0, params), rel=1e-11)


def test_dephasing_solver_picks_the_cheaper_method():
    long_wire = devices.Wire(width=20, length=100)
    assert isinstance(dephasing.dephasing_solver(long_wire, "all"),
                      slice_probes.SliceDephasingSolver)
    # A wide film with sparse probes: the probe block is small, the slices are wide.
    film = devices.Film(width=120, length=40)
    assert isinstance(dephasing.dephasing_solver(film, "grid:4"), dephasing.DephasingSolver)
    ring = devices.Ring(inner_radius=4, outer_radius=8, lead_width=4)
    assert isinstance(dephasing.dephasing_solver(ring), dephasing.DephasingSolver)


def test_non_convergence_is_an_error(monkeypatch):
    wire = devices.Wire(width=5, length=30)
    monkeypatch.setattr(slice_probes, "MAX_ITERATIONS", 2)
    sliced = slice_probes.SliceDephasingSolver(wire)
    with pytest.raises(RuntimeError, match="did not converge"):
        sliced.conductance_matrix(1.0, wire.solve_params(disorder=1.0, seed=1), 0.05)
