"""Physical units: conversions checked against analytic continuum results."""

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
