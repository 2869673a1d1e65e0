"""Physical units: conversions checked against analytic continuum results."""

import contextlib
import warnings

import kwant
import numpy as np
import pytest

import devices
import physics
from devices.units import BOHR_MAGNETON, FLUX_QUANTUM, HBAR2_OVER_2ME

GAAS = devices.Units(lattice_constant=2.0, effective_mass=0.067)


def test_hopping_value():
    # t = hbar^2 / (2 m* a^2) = 38.1 meV nm^2 / (0.067 * 4 nm^2)
    assert abs(GAAS.hopping - 142.163) < 1e-3


def test_subband_energies_of_hard_wall_wire():
    width_nm = 100.0
    wire = GAAS.device(devices.Wire, width=width_nm, length=20.0)
    assert (wire.width, wire.length) == (49, 10)
    lead = wire.finalized.leads[0]
    bottoms_meV = GAAS.energy_to_meV(np.sort(kwant.physics.Bands(lead, params=wire.solve_params())(0.0)))[:4]
    n = np.arange(1, 5)
    continuum = HBAR2_OVER_2ME * (n * np.pi / width_nm)**2 / GAAS.effective_mass
    # Discretization lowers E_n by a relative amount between 0 and x^2/12, x = n pi a / w.
    x = n * np.pi * GAAS.lattice_constant / width_nm
    deficit = (continuum - bottoms_meV) / continuum
    assert np.all(deficit >= 0) and np.all(deficit <= x**2 / 12), deficit
    # Conductance steps at the continuum thresholds (midway between them).
    for k in range(1, 4):
        energy = 0.5 * (continuum[k - 1] + continuum[k])
        g = physics.conductance(wire, **GAAS.params(energy=energy))
        assert abs(g - k) < 1e-8


def test_field_conversion_gives_cyclotron_energy():
    units = devices.Units(lattice_constant=4.0, effective_mass=0.067)
    field = 2.0  # T; l_m = 18 nm << 400 nm
    wire = units.device(devices.Wire, width=400.0, length=4.0)
    params = units.params(field=field)
    assert abs(params["phi"] - field * 16 / FLUX_QUANTUM) < 1e-15
    lead = wire.finalized.leads[0]
    k_centre = 2 * np.pi * params["phi"] * (wire.width - 1) / 2
    levels = units.energy_to_meV(np.sort(kwant.physics.Bands(lead, params=wire.solve_params(**params))(k_centre))[:2])
    hbar_omega_c = 0.1157676 * field / units.effective_mass  # hbar e B / m*, meV
    assert abs((levels[1] - levels[0]) / hbar_omega_c - 1) < 0.02


def test_rashba_and_zeeman_conversion():
    assert abs(GAAS.rashba(10.0) - 10.0 / (2 * 2.0 * GAAS.hopping)) < 1e-15
    assert abs(GAAS.zeeman(1.0, -0.44) + 0.44 * BOHR_MAGNETON / GAAS.hopping) < 1e-15
    # The converted Zeeman term splits a subband threshold by |g| mu_B B.
    wire = GAAS.device(devices.Wire, width=20.0, length=4.0, spin=True)
    params = GAAS.params(field=5.0, g_factor=-0.44)
    params["phi"] = 0.0  # Zeeman only
    splitting = 0.44 * BOHR_MAGNETON * 5.0 / GAAS.hopping
    e1 = physics.theory.hard_wall_subband_energies(wire.width)[0]
    for shift, channels in ((-0.75, 0), (0.0, 1), (0.75, 2)):
        with (pytest.warns(devices.RegimeWarning, match="no open channel") if channels == 0
              else contextlib.nullcontext()):
            g = physics.conductance(wire, e1 + shift * splitting, **params)
        assert abs(g - channels) < 1e-8, (shift, g)


def test_shaped_device_and_potential_in_nm_and_meV():
    import numpy as np
    units = devices.Units(lattice_constant=5.0, effective_mass=0.067)
    shape = devices.Polygon.rectangle(0, 0, 400, 200)                 # nm
    device = units.device(devices.ShapedDevice, shape=shape,
                          leads=[devices.Lead("left", center=100, width=100),
                                 devices.Lead("right")],
                          potential=units.potential(
                              lambda x, y, gate=0.0: gate * np.exp(-((x - 200) / 50) ** 2)))
    assert device.shape.bounds == ((0, 0), (80, 40))
    assert device.leads[0].center == 20 and device.leads[0].width == 20
    assert "gate" in device.parameters
    values = device.assembly.onsite_values(device.solve_params(gate=2.0))  # meV
    x = device.assembly.positions[:, 0]
    peak = values[np.argmin(np.abs(x - 40))] - device.band_offset
    assert abs(peak - 2.0 / units.hopping) < 1e-12


def test_negative_disorder_in_physical_units_is_refused():
    units = devices.Units(lattice_constant=10.0, effective_mass=0.067)
    with pytest.raises(ValueError, match="disorder"):
        units.params(disorder=-1.0)


# --- materials, quantities with units, conversions back to SI ---------------------------

from devices.units import (BOLTZMANN, CONDUCTANCE_QUANTUM, HBAR, MATERIALS, RESISTANCE_QUANTUM,
                           conductance_siemens, quantity_in, resistance_ohm, ureg)

#: SI values (CODATA 2018, exact where the SI fixes them), independent of the module's
#: meV-based constants.
E_CHARGE, H_PLANCK, K_BOLTZMANN = 1.602176634e-19, 6.62607015e-34, 1.380649e-23


def test_material_presets():
    gaas = devices.Units(lattice_constant=2.0, material="GaAs")
    assert gaas.effective_mass == 0.067 and gaas.g_factor == -0.44
    assert abs(gaas.hopping - GAAS.hopping) < 1e-12
    inas = devices.Units(lattice_constant=5.0, material="InAs")
    assert inas.effective_mass == MATERIALS["InAs"].effective_mass == 0.023
    # An explicit mass wins over the preset (e.g. a non-parabolic correction).
    assert devices.Units(lattice_constant=5.0, effective_mass=0.04, material="InAs"
                         ).effective_mass == 0.04
    with pytest.raises(ValueError, match="material must be one of GaAs"):
        devices.Units(lattice_constant=5.0, material="unobtainium")
    with pytest.raises(TypeError, match="effective_mass, material or fermi_velocity"):
        devices.Units(lattice_constant=5.0)


def test_constants_agree_with_the_si_definitions():
    assert abs(CONDUCTANCE_QUANTUM - 3.874045864e-5) < 1e-14          # CODATA 2018, S
    assert abs(RESISTANCE_QUANTUM - 25812.80745) < 1e-5                  # R_K, Ohm
    assert abs(HBAR - H_PLANCK / (2 * np.pi) / (1e-3 * E_CHARGE)) < 1e-9 * HBAR
    assert abs(BOLTZMANN - K_BOLTZMANN / (1e-3 * E_CHARGE)) < 1e-9 * BOLTZMANN
    assert abs(FLUX_QUANTUM - H_PLANCK / E_CHARGE * 1e18) < 1e-9 * FLUX_QUANTUM


@pytest.mark.parametrize("given", [5.0, "5 meV", "0.005 eV", 5 * ureg.meV, 5e-3 * ureg.eV,
                                   ureg.Quantity(8.0108831e-22, "J")])
def test_energies_given_in_any_unit(given):
    assert abs(GAAS.energy(given) - 5.0 / GAAS.hopping) < 1e-7 * (5.0 / GAAS.hopping)


def test_round_trips():
    units = devices.Units(lattice_constant=5.0, material="GaAs")
    fields = np.array([-0.05, 0.0, 1e-3, 0.37, 2.0])                       # T
    assert np.allclose(units.tesla(units.flux_per_plaquette(fields)), fields, rtol=1e-14)
    assert abs(units.tesla(units.flux_per_plaquette("50 mT")) - 0.05) < 1e-15
    assert abs(units.kelvin(units.temperature("250 mK")) - 0.25) < 1e-15
    assert abs(units.energy_to_meV(units.energy(3.3)) - 3.3) < 1e-14
    assert abs(units.nm(units.sites("length", "400 nm")) - 400.0) < 1e-12
    assert abs(resistance_ohm(1 / conductance_siemens(2.5) / RESISTANCE_QUANTUM) * 2.5
               - RESISTANCE_QUANTUM) < 1e-6
    assert np.allclose(resistance_ohm(1 / np.array([1.0, 2.0])), [RESISTANCE_QUANTUM,
                                                                   RESISTANCE_QUANTUM / 2])


def test_si_outputs_of_time_and_diffusion():
    units = devices.Units(lattice_constant=5.0, material="GaAs")
    t_joule = units.hopping * 1e-3 * E_CHARGE
    hbar_si = H_PLANCK / (2 * np.pi)
    assert abs(units.seconds(1.0) / (hbar_si / t_joule) - 1) < 1e-9
    assert abs(units.diffusion_constant_si(1.0) / (t_joule * (5e-9) ** 2 / hbar_si) - 1) < 1e-9
    # The Einstein relation in SI: sigma = e^2 nu D (spin-degenerate 2DEG, nu = m*/(pi hbar^2)):
    # with the lattice's D = v_F l / 2 near the band bottom, D_SI = hbar k_F l / (2 m*).
    k_f, mean_free_path = 0.1, 30.0                                          # 1/a, a
    d_lattice = 2 * np.sin(k_f) * mean_free_path / 2                         # v = 2 t a sin(ka)/hbar
    m_star = units.effective_mass * 9.1093837015e-31
    continuum = hbar_si * (k_f / 5e-9) * (mean_free_path * 5e-9) / (2 * m_star)
    assert abs(units.diffusion_constant_si(d_lattice) / continuum - 1) < k_f**2 / 6 + 1e-9


def test_devices_and_params_from_quantities():
    units = devices.Units(lattice_constant=2.0, material="GaAs")
    wire = units.device(devices.Wire, width="100 nm", length=0.4 * ureg.um)
    assert (wire.width, wire.length) == (49, 200)
    params = units.params(energy=5 * ureg.meV, disorder="2 meV", field="50 mT",
                          temperature=300 * ureg.mK, rashba="10 meV nm",
                          g_factor=units.g_factor, seed=3)
    expected = units.params(energy=5.0, disorder=2.0, field=0.05, temperature=0.3, rashba=10.0,
                            g_factor=-0.44, seed=3)
    assert params.keys() == expected.keys()
    for key in params:
        assert abs(params[key] - expected[key]) <= 1e-12 * abs(expected[key]), key
    assert abs(params["temperature"] - BOLTZMANN * 0.3 / units.hopping) < 1e-15


@pytest.mark.parametrize("call, error, message", [
    (lambda u: u.params(B=0.05), TypeError, "field="),
    (lambda u: u.params(E_F=5.0), TypeError, "energy="),
    (lambda u: u.params(seed=3 * ureg.m), TypeError, "seed"),
    (lambda u: u.params(field=5 * ureg.meV), ValueError, "field = 5 meV cannot be converted"),
    (lambda u: u.params(energy="five meV"), ValueError, "energy = 'five meV'"),
    (lambda u: u.params(temperature=-1.0), ValueError, "temperature"),
    (lambda u: u.device(devices.Wire, width="100 meV", length=10.0), ValueError, "width"),
    (lambda u: devices.Units(lattice_constant="2 T", material="GaAs"), ValueError,
     "lattice_constant"),
])
def test_wrong_units_name_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call(devices.Units(lattice_constant=2.0, material="GaAs"))


def test_quantity_in_leaves_plain_numbers_alone():
    assert quantity_in("x", 3.0, "nm") == 3.0
    assert quantity_in("x", "3", "nm") == 3.0
    array = np.array([1.0, 2.0])
    assert quantity_in("x", array, "nm") is array
    assert np.allclose(quantity_in("x", array * ureg.um, "nm"), [1000.0, 2000.0])


def test_fields_that_alias_are_refused_and_lattice_artefacts_warned():
    units = devices.Units(lattice_constant=10.0, material="GaAs")      # 100 nm^2 plaquettes
    with pytest.raises(ValueError, match=r"field = 25 T is a flux of 0\.604 h/e per plaquette.*aliases it to -0\.396"):
        units.params(field=25.0)
    # l_B = sqrt(hbar/eB) = 25.7 nm / sqrt(B/T): at 2 T, 18.1 nm = 1.8 a < 3 a.
    with pytest.warns(devices.RegimeWarning, match=r"magnetic length 18\.1 nm is 1\.81 lattice"):
        units.params(field=2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        units.params(field=0.5)                                         # l_B = 36 nm = 3.6 a


def test_energies_beyond_the_parabolic_band_warn():
    units = devices.Units(lattice_constant=10.0, material="GaAs")       # t = 5.69 meV
    with pytest.warns(devices.RegimeWarning, match=r"energy = 8 meV is 1\.41 t: the Fermi "
                                                    r"wavelength 49\.5 nm is 4\.9 lattice constants"):
        units.params(energy=8.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        units.params(energy=5.0)                                        # 0.88 t
    # Silenceable, as documented.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=devices.RegimeWarning)
        units.params(energy=8.0)


def test_graphene_preset_gives_its_fermi_velocity_on_the_honeycomb_lattice():
    """t = 2 hbar v_F / (sqrt 3 a): the linear band of a metallic armchair ribbon (8 dimer
    lines) moves at v_F = 1e6 m/s in SI, for real (a = 0.246 nm) and scaled graphene."""
    for lattice_constant in (0.246, 2.0):
        graphene = devices.Units(lattice_constant=lattice_constant, material="graphene")
        assert graphene.is_dirac and graphene.effective_mass is None
        ribbon = devices.graphene_ribbon("armchair", 8, 10)
        modes = ribbon.finalized.leads[0].modes(0.02, params=ribbon.solve_params())[0]
        period = np.linalg.norm(np.asarray(ribbon.finalized.leads[0].symmetry.periods)[0])
        velocity = np.abs(modes.velocities).max() * period          # t a / hbar
        in_si = velocity * graphene.hopping * graphene.lattice_constant * 1e-9 / HBAR
        assert in_si == pytest.approx(1.0e6, rel=1e-4)
    assert devices.Units(lattice_constant=0.246, material="graphene").hopping == pytest.approx(
        3089.6, rel=1e-4)                                                # meV: 3.09 eV
    faster = devices.Units(lattice_constant=1.0, fermi_velocity="1.1e6 m/s")
    assert faster.hopping == pytest.approx(1.1 * devices.Units(
        lattice_constant=1.0, material="graphene").hopping, rel=1e-12)
    with pytest.raises(TypeError, match="effective_mass .* or fermi_velocity .*, not both"):
        devices.Units(lattice_constant=1.0, material="graphene", effective_mass=0.1)
    with pytest.raises(ValueError, match="fermi_velocity"):
        devices.Units(lattice_constant=1.0, fermi_velocity=-1.0)


def test_graphene_energies_far_from_the_dirac_point_warn():
    graphene = devices.Units(lattice_constant=2.0, material="graphene")       # t = 380 meV
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        graphene.params(energy=-100.0)                                   # 0.26 t: the cone
    with pytest.warns(devices.RegimeWarning, match=r"energy = -200 meV is -0.526 t from the "
                                                  r"Dirac point .* trigonally warped"):
        graphene.params(energy=-200.0)


def test_graphene_units_round_trip_through_a_store_description():
    from physics.ensembles.physical import units_description, units_from_description
    graphene = devices.Units(lattice_constant=2.0, material="graphene")
    assert units_from_description(units_description(graphene)) == graphene
    gaas = devices.Units(lattice_constant=5.0, material="GaAs")
    assert "fermi_velocity" not in units_description(gaas)
    assert units_from_description(units_description(gaas)) == gaas
