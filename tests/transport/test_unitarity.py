"""Unitarity of S and local current conservation in disordered devices."""

import numpy as np
import pytest

import devices
import physics

from conftest import assert_close

CASES = {
    "wire, field + random flux": (devices.Wire(width=7, length=15), 1.1,
                                  dict(disorder=2.0, seed=1, phi=0.02, random_flux=0.5)),
    "spin wire, Rashba + SO disorder + Zeeman": (
        devices.Wire(width=6, length=12, spin=True), 0.9,
        dict(disorder=1.5, seed=2, phi=0.01, rashba=0.3, so_disorder=0.7, zeeman=0.1)),
    "ring, AB flux + field": (devices.Ring(inner_radius=4, outer_radius=8, lead_width=4), 1.0,
                              dict(disorder=1.0, seed=3, phi=0.005, flux=0.3)),
    "slab, tilted field": (devices.Film(width=5, length=6, thickness=3), 1.5,
                           dict(disorder=2.0, seed=4, phi=0.02, field_direction=(1, 1, 0))),
    "hall bar, field": (devices.HallBar(width=8, length=20), 0.8,
                        dict(disorder=1.0, seed=5, phi=0.03, random_flux=0.2)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_smatrix_is_unitary(name):
    device, energy, params = CASES[name]
    S = physics.smatrix(device, energy, **params).data
    assert S.shape[0] > 0
    assert_close(S.conj().T @ S, np.eye(S.shape[0]), 1e-10, f"S^dagger S - 1 for {name}")


@pytest.mark.parametrize("name", [n for n in CASES if "hall" not in n])
def test_current_is_conserved(name):
    device, energy, params = CASES[name]
    fsyst = device.finalized
    current = physics.current_density(device, energy, **params)
    divergence = physics.current_divergence(fsyst, current)
    interface = np.concatenate(fsyst.lead_interfaces)
    interior = np.setdiff1d(np.arange(len(fsyst.sites)), interface)
    assert_close(divergence[interior], 0, 1e-10, f"div J in the interior for {name}")
    # Current through any cross-section x = x0 + 1/2 equals the conductance.
    x = np.array([site.pos[0] for site in fsyst.sites])
    pairs = physics.hoppings(fsyst)
    g = physics.conductance(device, energy, **params)
    for x0 in np.unique(x)[1:-1:3]:
        crossing = (x[pairs[:, 0]] > x0) & (x[pairs[:, 1]] <= x0)
        # A straight cut through a ring crosses both arms: all flow is counted.
        assert_close(current[crossing].sum(), g, 1e-9, f"current through x={x0 + 0.5}")
