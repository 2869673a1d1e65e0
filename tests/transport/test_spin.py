"""Kramers degeneracy with spin-orbit coupling, lifted by a Zeeman field."""

import numpy as np
import pytest

import devices
import physics


@pytest.mark.parametrize("extra", [dict(rashba=0.3), dict(rashba=0.2, so_disorder=0.8)])
def test_kramers_pairs_with_spin_orbit(spin_wire, extra):
    taus = physics.transmission_eigenvalues(spin_wire, 1.0, disorder=2.0, seed=4, **extra)
    assert taus.size % 2 == 0 and taus.size >= 4
    # Eigenvalues come in degenerate pairs (machine precision) ...
    assert np.max(np.abs(taus[0::2] - taus[1::2])) < 1e-10
    # ... and the pairs themselves are distinct, so the check is not trivial.
    assert np.min(np.abs(np.diff(taus[0::2]))) > 1e-4


def test_zeeman_lifts_kramers_degeneracy(spin_wire):
    taus = physics.transmission_eigenvalues(spin_wire, 1.0, disorder=2.0, seed=4,
                                            rashba=0.3, zeeman=0.2)
    assert np.max(np.abs(taus[0::2] - taus[1::2])) > 1e-3


def test_zeeman_splits_subbands():
    # Clean spinful wire, no SOC: the two spin species have thresholds E_n -+ Z/2.
    wire = devices.Wire(width=4, length=4, spin=True)
    from physics import theory
    e1 = theory.hard_wall_subband_energies(4)[0]
    zeeman = 0.2
    # Between E_1 - Z/2 and E_1 + Z/2 only one spin species propagates.
    assert abs(physics.conductance(wire, e1, zeeman=zeeman) - 1) < 1e-8
    assert abs(physics.conductance(wire, e1 + 0.15, zeeman=zeeman) - 2) < 1e-8
    with pytest.warns(devices.RegimeWarning, match="below its first subband threshold"):
        assert abs(physics.conductance(wire, e1 - 0.15, zeeman=zeeman)) < 1e-8
