"""Exact results of clean hard-wall wires: quantized conductance and subband thresholds."""

import contextlib

import kwant
import numpy as np
import pytest

import devices
import physics
from physics import theory

from conftest import assert_close


@pytest.mark.parametrize("width", [5, 12])
def test_conductance_steps(width):
    wire = devices.Wire(width=width, length=7)
    thresholds = theory.hard_wall_subband_energies(width)
    # Midpoints between successive openings (and closings at E_n + 4t) cover
    # every plateau of the band, including the upper half where channels close.
    edges = np.sort(np.concatenate([thresholds, thresholds + 4.0, [0.0, 8.0]]))
    energies = 0.5 * (edges[1:] + edges[:-1])
    energies = energies[np.diff(edges) > 1e-6]
    expected = theory.open_channels(energies, width)
    assert expected.max() == width
    for energy, n in zip(energies, expected):
        # No open channel (below the first threshold, above the band): a RegimeWarning
        # names it; with channels none is raised (warnings are errors in the tests).
        with (pytest.warns(devices.RegimeWarning, match="lead 0 has no open channel")
              if n == 0 else contextlib.nullcontext()):
            assert_close(physics.conductance(wire, energy), n, 1e-8, f"G at E={energy:.4f}")
        assert physics.open_modes(wire, energy) == n


def test_subband_thresholds_match_lattice_dispersion():
    width = 9
    wire = devices.Wire(width=width, length=3)
    lead = wire.finalized.leads[0]
    bands = kwant.physics.Bands(lead, params=wire.solve_params())
    # At k = 0 the lead bands are the transverse standing waves plus the
    # minimum of the longitudinal cosine band.
    assert_close(np.sort(bands(0.0)), theory.hard_wall_subband_energies(width), 1e-12,
                 "subband bottoms at k=0")


def test_spinful_clean_wire_counts_both_spins():
    spinless = devices.Wire(width=6, length=5)
    spinful = devices.Wire(width=6, length=5, spin=True)
    for energy in (0.3, 1.1, 2.5):
        assert_close(physics.conductance(spinful, energy),
                     2 * physics.conductance(spinless, energy), 1e-8, "spin degeneracy")


@pytest.mark.parametrize("direction", [(0, 0, 1), (1, 0, 0), (0, 1, 0), (1, 2, 3)])
def test_clean_slab_in_any_field_direction_is_reflectionless(direction):
    # A clean device continues its leads; any transmission below the mode
    # count means the gauge in the scattering region differs from the leads'.
    slab = devices.Film(width=5, length=6, thickness=3)
    params = dict(phi=0.03, field_direction=direction)
    g = physics.conductance(slab, 1.2, **params)
    assert physics.open_modes(slab, 1.2, **params) >= 1
    assert_close(g, physics.open_modes(slab, 1.2, **params), 1e-8, "clean slab in field")
