"""Guard rail: an energy at which a lead has no open channel (below the first subband
threshold, above the band, in a gap) warns once, naming the lead and the threshold."""

import warnings

import numpy as np
import pytest

import devices
import physics
from physics import theory

WIDTH = 6
E1 = theory.hard_wall_subband_energies(WIDTH)[0]           # first threshold, 0.198 t


@pytest.fixture(scope="module")
def wire():
    return devices.Wire(width=WIDTH, length=8)


def _regime_warnings(function):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = function()
    return result, [w for w in caught if issubclass(w.category, devices.RegimeWarning)]


def test_below_the_first_threshold_the_warning_gives_it(wire):
    with pytest.warns(devices.RegimeWarning, match=f"lead 0 has no open channel, at or below "
                                                   f"its first subband threshold {E1:.4g} t"):
        assert physics.conductance(wire, 0.9 * E1, disorder=0.5, seed=1) == 0.0
    with pytest.warns(devices.RegimeWarning, match=f"at or above its band top {8 - E1:.4g} t"):
        assert physics.conductance(wire, 8.0) == 0.0
    # One channel open: no warning (warnings are errors in the tests).
    assert physics.conductance(wire, 1.05 * E1) == pytest.approx(1.0, abs=1e-9)


def test_the_narrow_lead_is_named(wire):
    bar = devices.HallBar(width=6, length=16)   # arms 2 wide: threshold 1 t
    with pytest.warns(devices.RegimeWarning, match="lead 1 has no open channel"):
        physics.conductance_matrix(bar, 0.5)
    physics.conductance_matrix(bar, 1.2)


def test_thermal_windows_reaching_below_a_threshold_do_not_warn(wire):
    # The Fermi window (+- 21 k_B T) reaches below E_1: those energies are physics.
    g, caught = _regime_warnings(
        lambda: physics.conductance(wire, 1.1 * E1, temperature=0.01))
    assert not caught and 0.4 < g < 1.0
    # Below the threshold at T > 0: thermal activation, not a closed lead.
    g, caught = _regime_warnings(lambda: physics.conductance(wire, 0.9 * E1, temperature=0.01))
    assert not caught and 0.0 < g < 0.5


def test_an_ensemble_warns_once_for_its_sweep(wire):
    energies = np.linspace(0.5 * E1, 2.0, 7)   # the first point only is closed
    dataset, caught = _regime_warnings(lambda: physics.ensemble(
        wire, seeds=range(3), sweep={"energy": energies}, disorder=0.5, executor="serial"))
    assert len(caught) == 1
    assert str(caught[0].message).startswith("at 1 of 7 sweep points a lead has no open channel")
    assert caught[0].filename == __file__   # points at the caller
    assert np.all(dataset.conductance.values[:, 0] == 0.0)
    _, caught = _regime_warnings(lambda: physics.ensemble(
        wire, seeds=range(3), sweep={"energy": energies[1:]}, disorder=0.5, executor="serial"))
    assert not caught


def test_an_energy_grid_warns_once(wire):
    energies = np.linspace(0.0, 1.0, 11)
    table, caught = _regime_warnings(
        lambda: physics.conductance_on_grid(wire, energies, seeds=range(2), disorder=0.5))
    assert len(caught) == 1 and "at 2 of 11 energies" in str(caught[0].message)
    assert np.all(table[:, :2] == 0.0)


def test_units_give_the_threshold_in_physical_terms(wire):
    gaas = devices.Units(lattice_constant=5.0, material="GaAs")
    narrow = gaas.device(devices.Wire, width=35.0, length=40.0)    # E_1 = 4.5 meV
    threshold = theory.hard_wall_subband_energies(narrow.width)[0] * gaas.hopping
    with pytest.warns(devices.RegimeWarning, match="at 1 of 2 sweep points"):
        physics.ensemble(narrow, units=gaas, seeds=[0], executor="serial",
                         sweep={"energy": [0.9 * threshold, 1.2 * threshold]})
