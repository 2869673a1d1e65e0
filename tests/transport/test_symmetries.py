"""Onsager-Casimir reciprocity, Aharonov-Bohm periodicity and gauge invariance."""

import dataclasses

import numpy as np
import pytest

import devices
import physics

from conftest import assert_close


def test_onsager_hall_bar():
    bar = devices.HallBar(width=10, length=24)
    params = dict(disorder=1.5, seed=7)
    G_plus = physics.conductance_matrix(bar, 0.9, phi=0.02, **params)
    G_minus = physics.conductance_matrix(bar, 0.9, phi=-0.02, **params)
    # The field must matter, or the identity below is empty.
    assert np.max(np.abs(G_plus - G_plus.T)) > 1e-2
    assert_close(G_plus, G_minus.T, 1e-8, "G_ij(B) - G_ji(-B)")
    assert_close(G_plus.sum(axis=0), 0, 1e-8, "column sums")
    assert_close(G_plus.sum(axis=1), 0, 1e-8, "row sums")


def test_onsager_with_spin_orbit_reverses_zeeman_too():
    bar = devices.HallBar(width=6, length=16, arm_width=2, spin=True)
    params = dict(disorder=1.0, seed=3, rashba=0.2, so_disorder=0.3,
                  zeeman_direction=(0.3, 0.1, 1.0))
    G_plus = physics.conductance_matrix(bar, 1.0, phi=0.03, zeeman=0.2, **params)
    G_minus = physics.conductance_matrix(bar, 1.0, phi=-0.03, zeeman=-0.2, **params)
    assert np.max(np.abs(G_plus - G_plus.T)) > 1e-3
    assert_close(G_plus, G_minus.T, 1e-8, "G_ij(B, Z) - G_ji(-B, -Z)")


def test_two_terminal_conductance_is_even_in_field(small_wire):
    params = dict(disorder=2.0, seed=11)
    g = [physics.conductance(small_wire, 1.2, phi=s * 0.015, **params) for s in (1, -1)]
    assert abs(g[0] - physics.conductance(small_wire, 1.2, **params)) > 1e-4
    assert_close(g[0], g[1], 1e-8, "g(B) - g(-B)")


@pytest.mark.parametrize("disorder", [0.0, 1.5])
def test_ring_is_periodic_in_flux(disorder):
    ring = devices.Ring(inner_radius=5, outer_radius=9, lead_width=4)
    params = dict(disorder=disorder, seed=2, phi=0.002)
    flux = np.array([0.0, 0.17, 0.5])
    g = np.array([physics.conductance(ring, 1.0, flux=f, **params) for f in flux])
    g_shifted = np.array([physics.conductance(ring, 1.0, flux=f + 1, **params) for f in flux])
    g_back = np.array([physics.conductance(ring, 1.0, flux=f - 3, **params) for f in flux])
    assert np.ptp(g) > 1e-2, "the AB flux must change the conductance"
    assert_close(g_shifted, g, 1e-8, "g(flux + 1) - g(flux)")
    assert_close(g_back, g, 1e-8, "g(flux - 3) - g(flux)")


@dataclasses.dataclass(frozen=True)
class _SymmetricGaugeWire(devices.Wire):
    """The same wire, with A = B(-y/2, x/2) inside instead of the Landau gauge."""

    def gauge(self, sites):
        x, y = sites.positions[:, 0], sites.positions[:, 1]
        # Lambda = x y / 2 away from the two columns touching the leads, which
        # must keep the leads' gauge; any lattice function is an exact gauge
        # transformation inside.
        return np.where((0 < x) & (x < self.length - 1), 0.5 * x * y, 0.0)


def test_gauge_invariance_uniform_field():
    landau = devices.Wire(width=7, length=14)
    symmetric = _SymmetricGaugeWire(width=7, length=14)
    params = dict(disorder=2.0, seed=4, phi=0.021, random_flux=0.3)
    g_landau = physics.conductance(landau, 1.3, **params)
    g_symmetric = physics.conductance(symmetric, 1.3, **params)
    assert_close(g_symmetric, g_landau, 1e-8, "G in symmetric vs Landau gauge")


@dataclasses.dataclass(frozen=True)
class _LowerCutRing(devices.Ring):
    """The same ring with the Aharonov-Bohm branch cut through the lower arm."""

    def aharonov_bohm_winding(self, bonds):
        to_x, to_y = bonds.to.positions[:, 0], bonds.to.positions[:, 1]
        from_x, from_y = bonds.frm.positions[:, 0], bonds.frm.positions[:, 1]
        crosses = ((to_y < self.center[1]) & (to_y == from_y)
                   & (np.minimum(to_x, from_x) == 0) & (np.maximum(to_x, from_x) == 1))
        return np.where(crosses, to_x - from_x, 0.0)  # left to right below: counter-clockwise


def test_gauge_invariance_aharonov_bohm_cut():
    params = dict(disorder=1.0, seed=8, flux=0.31, phi=0.003)
    upper = devices.Ring(inner_radius=5, outer_radius=9, lead_width=4)
    lower = _LowerCutRing(inner_radius=5, outer_radius=9, lead_width=4)
    assert_close(physics.conductance(lower, 1.0, **params),
                 physics.conductance(upper, 1.0, **params), 1e-8, "upper vs lower cut")


@dataclasses.dataclass(frozen=True)
class _LeadVaryingGaugeWire(devices.Wire):
    """A wire in the gauge A = B(0, x): *not* translation invariant along the x leads."""

    def gauge(self, sites):
        return sites.positions[:, 0] * sites.positions[:, 1]

    def lead_gauge(self, sites, lead):
        return sites.positions[:, 0] * sites.positions[:, 1]


def test_lead_gauge_must_be_translation_invariant():
    # A clean wire continues its leads, so G equals the number of open modes.
    params = dict(phi=0.02)
    good = devices.Wire(width=8, length=10)
    assert_close(physics.conductance(good, 1.0, **params),
                 physics.open_modes(good, 1.0, **params), 1e-8, "clean wire in field")
    # The same check on a gauge that varies along the leads fails: it is how
    # such a bug would show up, and why our leads use the Landau gauge.
    bad = _LeadVaryingGaugeWire(width=8, length=10)
    mismatch = abs(physics.conductance(bad, 1.0, **params) - physics.open_modes(good, 1.0, **params))
    assert mismatch > 1e-3


def test_flux_periodicity_and_the_limit_on_huge_fluxes():
    """One flux quantum per plaquette (square lattice) or through a ring is a gauge
    transformation: g(phi + n) = g(phi).  Fluxes so large that the Peierls phases are
    round-off are refused with the parameter named (they used to give wrong numbers)."""
    wire = devices.Wire(width=6, length=10)
    base = physics.conductance(wire, 1.0, disorder=1.0, seed=1, phi=0.01)
    for shifted in (1.01, -0.99, 100.01):
        assert physics.conductance(wire, 1.0, disorder=1.0, seed=1, phi=shifted) == \
            pytest.approx(base, rel=1e-12)
    ring = devices.Ring(inner_radius=4, outer_radius=8, lead_width=4)
    ring_base = physics.conductance(ring, 1.0, disorder=1.0, seed=1, flux=0.1)
    assert physics.conductance(ring, 1.0, disorder=1.0, seed=1, flux=3.1) == \
        pytest.approx(ring_base, rel=1e-12)
    with pytest.raises(ValueError, match="phi .* modulo one flux quantum"):
        physics.conductance(wire, 1.0, phi=1e16 + 0.01)
    with pytest.raises(ValueError, match="flux .* modulo one flux quantum"):
        physics.conductance(ring, 1.0, flux=1e15 + 0.1)
