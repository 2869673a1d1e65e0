"""Ensembles in physical units: sweeps in T, meV, K and V, their coordinates and units,
the store and rerun, configuration files with a [units] table, and the errors."""

import json

import numpy as np
import pytest

import devices
import physics
from devices.units import CONDUCTANCE_QUANTUM, Units, ureg
from physics import cli
from physics.ensembles.config import ConfigError, load

GAAS = Units(lattice_constant=5.0, material="GaAs")
FIELDS_MT = [0.0, 20.0, 50.0]


@pytest.fixture(scope="module")
def wire():
    return GAAS.device(devices.Wire, width=50.0, length=100.0)


def _physical(wire, **extra):
    options = dict(units=GAAS, energy="8 meV", seeds=range(3), executor="serial",
                   sweep={"field": [f"{b} mT" for b in FIELDS_MT]}, disorder="4 meV")
    options.update(extra)
    return physics.ensemble(wire, **options)


def test_a_field_sweep_in_tesla_is_the_lattice_sweep_of_phi(wire):
    physical = _physical(wire)
    lattice = physics.ensemble(wire, energy=GAAS.energy(8.0), seeds=range(3),
                               executor="serial", disorder=GAAS.energy(4.0),
                               sweep={"phi": GAAS.flux_per_plaquette(np.array(FIELDS_MT) / 1e3)})
    assert physical.conductance.dims == ("seed", "field")
    np.testing.assert_array_equal(physical.conductance.values, lattice.conductance.values)
    np.testing.assert_allclose(physical.field.values, np.array(FIELDS_MT) / 1e3, rtol=1e-15)
    np.testing.assert_array_equal(physical.phi.values, lattice.phi.values)
    assert physical.phi.dims == ("field",)
    assert physical.field.attrs["units"] == "T" and physical.phi.attrs["units"] == "h/e"
    assert physical.conductance.attrs["units"] == "e^2/h"
    # The field is a physical one: a flux of B a^2 / (h/e) per plaquette.
    np.testing.assert_allclose(GAAS.tesla(physical.phi.values), physical.field.values,
                               rtol=1e-14, atol=1e-18)


def test_every_spelling_of_a_quantity_is_the_same_input(wire, tmp_path):
    store = tmp_path / "field.zarr"
    first = _physical(wire, store=store)
    # Numbers in the documented units, a quantity array, Units("5 nm"): the same
    # configuration, so the store is reopened (a different one would be refused).
    again = physics.ensemble(wire, units=Units("5 nm", material="GaAs"), energy=8,
                             seeds=range(3), executor="serial", store=store,
                             sweep={"field": ureg.Quantity(FIELDS_MT, "mT")},
                             disorder=ureg.Quantity(4.0, "meV"))
    np.testing.assert_array_equal(first.conductance.values, again.conductance.values)
    with pytest.raises(ValueError, match="configuration"):
        physics.ensemble(wire, units=GAAS, energy="8 meV", seeds=range(3), store=store,
                         sweep={"field": ["0 mT", "20 mT", "51 mT"]}, disorder="4 meV",
                         executor="serial")


def test_the_store_keeps_units_and_rerun_converts_again(wire, tmp_path):
    store = tmp_path / "gaas.zarr"
    dataset = _physical(wire, store=store)
    loaded = physics.store.load(store)
    assert loaded.field.attrs["units"] == "T" and loaded.phi.dims == ("field",)
    np.testing.assert_array_equal(loaded.phi.values, dataset.phi.values)
    config = json.loads(loaded.attrs["config"])
    assert config["units"] == {"lattice_constant": 5.0, "effective_mass": 0.067,
                               "material": "GaAs"}
    assert config["energy"] == 8.0 and config["fixed"] == {"disorder": 4.0}
    assert json.loads(loaded.attrs["physical_params"]) == {"disorder": 4.0, "energy": 8.0}
    again = physics.rerun(loaded)
    np.testing.assert_array_equal(again.conductance.values, dataset.conductance.values)
    np.testing.assert_array_equal(again.phi.values, dataset.phi.values)


def test_the_field_sets_the_zeeman_splitting_with_a_g_factor():
    inas = Units(lattice_constant=5.0, material="InAs")
    wire = inas.device(devices.Wire, width=60.0, length=50.0, spin=True)
    dataset = physics.ensemble(wire, units=inas, energy="20 meV", seeds=[4], executor="serial",
                               sweep={"field": [0.0, 0.2]}, g_factor=inas.g_factor,
                               rashba="20 meV nm", disorder="2 meV")
    expected_zeeman = inas.zeeman(np.array([0.0, 0.2]), inas.g_factor)
    np.testing.assert_allclose(dataset.zeeman.values, expected_zeeman, rtol=1e-15)
    assert dataset.zeeman.attrs["units"] == "t"
    params = inas.params(energy=20.0, field=0.2, g_factor=inas.g_factor, rashba=20.0,
                         disorder=2.0, seed=4)
    assert dataset.conductance.values[0, 1] == physics.conductance(wire, **params)
    # Without the g-factor the field is orbital only: a different conductance.
    orbital = inas.params(energy=20.0, field=0.2, rashba=20.0, disorder=2.0, seed=4)
    assert abs(physics.conductance(wire, **orbital) - dataset.conductance.values[0, 1]) > 1e-6


def test_an_energy_sweep_in_meV_keeps_the_lattice_energy_along_it(wire):
    dataset = physics.ensemble(wire, units=GAAS, seeds=[0], executor="serial",
                               sweep={"energy": ["4 meV", "8 meV"]}, disorder="4 meV")
    assert dataset.energy.attrs["units"] == "meV"
    np.testing.assert_allclose(dataset.energy_lattice.values,
                               GAAS.energy(np.array([4.0, 8.0])), rtol=1e-15)
    assert dataset.energy_lattice.attrs["units"] == "t"
    assert dataset.conductance.values[0, 0] == physics.conductance(
        wire, GAAS.energy(4.0), disorder=GAAS.energy(4.0), seed=0)


def test_gate_voltages_in_volts_with_or_without_units():
    def barrier(x, y, v_gate=0.0):
        """A gate across the wire: 10 meV of barrier per volt below zero (meV)."""
        return -10.0 * v_gate * np.exp(-((x - 100.0) / 20.0) ** 2)

    wire = GAAS.device(devices.Wire, width=100.0, length=200.0,
                       potential=GAAS.potential(barrier, parameter_units={"v_gate": "V"}))
    energy = GAAS.energy(8.0)
    g = physics.conductance(wire, energy, v_gate=-0.5)
    assert physics.conductance(wire, energy, v_gate="-500 mV") == g
    assert physics.conductance(wire, energy, v_gate=ureg.Quantity(-0.5, "V")) == g
    dataset = physics.ensemble(wire, energy=energy, seeds=[0], executor="serial",
                               sweep={"v_gate": ["0 V", "-500 mV"]})
    assert dataset.v_gate.attrs["units"] == "V"
    np.testing.assert_array_equal(dataset.v_gate.values, [0.0, -0.5])
    assert dataset.conductance.values[0, 1] == g
    assert dataset.conductance.values[0, 0] > g + 0.5   # the barrier closes channels
    with pytest.raises(ValueError, match="v_gate = 1 T cannot be converted to V"):
        physics.conductance(wire, energy, v_gate="1 T")
    with pytest.raises(ValueError, match="parameter_units: 'v_top'"):
        GAAS.potential(barrier, parameter_units={"v_top": "V"})
    with pytest.raises(ValueError, match="parameter_units\\['v_gate'\\] = 'volts of'"):
        GAAS.potential(barrier, parameter_units={"v_gate": "volts of"})


def test_conductances_in_siemens(wire):
    dataset = _physical(wire)
    si = physics.ensembles.in_siemens(dataset)
    assert si.conductance.attrs["units"] == "S"
    np.testing.assert_allclose(si.conductance.values,
                               dataset.conductance.values * 3.874045864e-5, rtol=1e-9)
    assert CONDUCTANCE_QUANTUM == pytest.approx(3.874045864e-5, rel=1e-9)
    assert dataset.conductance.attrs["units"] == "e^2/h"   # the original is unchanged


@pytest.mark.parametrize("options, error, message", [
    (dict(units=GAAS, phi=0.001), TypeError, "phi: with units=, give field"),
    (dict(units=GAAS, sweep={"phi": [0.0, 0.001]}), TypeError, "phi: with units="),
    (dict(units=GAAS, g_factor=-0.44), TypeError, "g_factor: the device has no Zeeman"),
    (dict(disorder="4 meV"), TypeError, "pass units=devices.Units"),
    (dict(sweep={"phi": ["1 mT"]}), TypeError, "phi is a lattice parameter"),
    (dict(units=GAAS, sweep={"field": ["1 m"]}), ValueError,
     "sweep\\['field'\\]\\[0\\] = 1 m cannot be converted to T"),
    (dict(units=GAAS, disorder="-1 meV"), ValueError, "disorder \\(meV\\) must be >= 0"),
    (dict(units=GAAS, sweep={"field": ["300 T"]}), ValueError, "aliases"),
    (dict(units="GaAs"), TypeError, "units must be a devices.Units"),
])
def test_bad_physical_inputs_are_named(wire, options, error, message):
    energy = "8 meV" if "units" in options else 0.3
    with pytest.raises(error, match=message):
        physics.ensemble(wire, energy=energy, seeds=[0], executor="serial", **options)


CONFIG = """
[units]
lattice_constant = "5 nm"
material = "GaAs"
[device]
type = "Wire"
width = "50 nm"
length = "0.1 um"
[ensemble]
energy = "8 meV"
seeds = 3
[params]
disorder = "4 meV"
[sweep]
field = {start = "0 mT", stop = "50 mT", num = 3}
"""


def test_a_configuration_in_physical_units(tmp_path, wire, capsys):
    path = tmp_path / "gaas.toml"
    path.write_text(CONFIG)
    device, options = load(path)
    assert device == wire
    assert options["units"] == GAAS
    assert cli.main(["run", str(path), "--workers", "1"]) == 0
    stored = physics.store.load(tmp_path / "gaas.zarr")
    np.testing.assert_allclose(stored.field.values, [0.0, 0.025, 0.05], rtol=1e-15)
    expected = physics.ensemble(wire, units=GAAS, energy=8.0, seeds=range(3), executor="serial",
                                sweep={"field": np.linspace(0, 0.05, 3)}, disorder=4.0)
    np.testing.assert_array_equal(stored.conductance.values, expected.conductance.values)
    capsys.readouterr()
    assert cli.main(["info", str(tmp_path / "gaas.zarr")]) == 0
    info = capsys.readouterr().out
    assert "energy: 8 meV" in info and "'disorder': '4 meV'" in info
    assert "3 values 0..0.05 T" in info


@pytest.mark.parametrize("old, new, key", [
    ('field = {start = "0 mT", stop = "50 mT", num = 3}',
     'field = {start = 0.0, stop = "50 mT", num = 3}', "sweep.field: start and stop must both"),
    ('field = {start = "0 mT", stop = "50 mT", num = 3}',
     'field = {start = "0 meV", stop = "50 mT", num = 3}', "different dimensions"),
    ('field = {start = "0 mT", stop = "50 mT", num = 3}',
     'field = ["0 mT", "5 bananas"]', "sweep"),
    ('lattice_constant = "5 nm"', 'lattice_constant = "5 s"', "units: lattice_constant"),
    ('material = "GaAs"', 'material = "GaAs"\ncolour = 1', "units.colour"),
    ('width = "50 nm"', 'width = "52 nm"', "not a multiple of the lattice constant"),
])
def test_bad_physical_configurations_name_the_key(tmp_path, old, new, key):
    assert old in CONFIG
    path = tmp_path / "bad.toml"
    path.write_text(CONFIG.replace(old, new))
    with pytest.raises(ConfigError, match=key):
        load(path)
    assert not (tmp_path / "bad.zarr").exists()


def test_quantities_without_a_units_table_are_refused(tmp_path):
    text = CONFIG.split("[device]")[1]
    for old, new, key in [('width = "50 nm"', "width = 9", "ensemble.energy"),
                          ('energy = "8 meV"', "energy = 0.3", "params.disorder"),
                          ('disorder = "4 meV"', "disorder = 0.1", "sweep.field")]:
        text = text.replace(old, new)
        path = tmp_path / "plain.toml"
        path.write_text("[device]" + text.replace('length = "0.1 um"', "length = 20"))
        with pytest.raises(ConfigError, match=f"{key}: .* add a \\[units\\] table"):
            load(path)
