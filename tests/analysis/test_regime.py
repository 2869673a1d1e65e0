"""Disorder from a measured mean free path, mobility or sheet resistance, and the regime
report: Born inversions exact, continuum limits, SI values, and the simulated Drude
transport of the disorder they return."""

import math

import numpy as np
import pytest

import devices
import physics
from devices.units import RESISTANCE_QUANTUM, ureg
from physics import theory
from physics.analysis import fits, regime

GAAS = devices.Units(lattice_constant=5.0, material="GaAs")
HBAR_SI, E_CHARGE = 1.054571817e-34, 1.602176634e-19


@pytest.mark.parametrize("energy", [0.3, 1.0, 2.0, 3.0])
@pytest.mark.parametrize("target", [10.0, 30.0, 300.0])
def test_disorder_for_a_mean_free_path_is_exact_in_born(energy, target):
    disorder = regime.disorder_for_mean_free_path(energy, target)
    assert abs(regime.transport_mean_free_path(energy, disorder) / target - 1) < 1e-12


def test_continuum_limit_d_equals_v_l_over_2_and_kl_equals_2_gsq():
    """Near the band bottom v = 2 sqrt(E*) t a/hbar and k_F = sqrt(E*)/a at the shifted
    energy E* = E - Re Sigma: the lattice's l (defined from D and tau) must be v tau, and
    k_F l = 2 g_sq, to O(E*) corrections."""
    for energy in (0.05, 0.1, 0.2):
        disorder = 0.3
        shifted = energy - theory.born_self_energy_2d(energy, disorder).real
        tau = 1 / theory.born_scattering_rate_2d(shifted, disorder)
        values = regime.transport_parameters(energy, disorder)
        l = values["mean_free_path"]
        assert abs(values["scattering_time"] / tau - 1) < 1e-12
        assert abs(l / (2 * math.sqrt(shifted) * tau) - 1) < shifted / 4
        assert abs(values["kfl"] / (math.sqrt(shifted) * l) - 1) < shifted / 4


def test_mobility_gives_the_continuum_mean_free_path():
    """GaAs, n = 2e11 /cm^2, mu = 1e5 cm^2/Vs: l = hbar k_F mu / e = 737 nm in the continuum;
    the lattice's Fermi velocity at E_F is lower by ~E/8 (E = 2 - 2 cos k along an axis)."""
    density, mobility = 2e11, 1e5
    energy, disorder = regime.disorder_for_mobility(GAAS, density, mobility)
    shifted = energy - theory.born_self_energy_2d(energy, disorder).real   # E* of the density
    k_f = math.sqrt(2 * math.pi * density * 1e4)                          # 1/m, both spins
    continuum = HBAR_SI * k_f * mobility * 1e-4 / E_CHARGE                # m
    lattice = regime.transport_mean_free_path(energy, disorder) * GAAS.lattice_constant * 1e-9
    assert abs(lattice / continuum - (1 - shifted / 8)) < 0.01
    # The same from quantities.
    again = regime.disorder_for_mobility(GAAS, "2e11 / cm**2", 10 * ureg("m**2 / V / s"))
    assert np.allclose(again, (energy, disorder), rtol=1e-12)
    # E* is the clean lattice's Fermi energy: the continuum's hbar^2 k_F^2 / 2 m* to O(E^2).
    e_continuum = GAAS.energy(1e3 * HBAR_SI**2 * k_f**2 / (2 * 0.067 * 9.1093837015e-31)
                              / E_CHARGE)
    assert abs(shifted / e_continuum - 1) < e_continuum / 4
    assert energy < shifted  # disorder pulls the states down: a lower chemical potential


def test_sheet_resistance_is_reproduced_exactly():
    energy, disorder = regime.disorder_for_sheet_resistance(GAAS, 3e11, "1.2 kohm")
    values = regime.transport_parameters(energy, disorder, units=GAAS)
    assert abs(values["sheet_resistance_ohm"] - 1200.0) < 1e-9
    assert abs(values["sheet_resistance"] * RESISTANCE_QUANTUM - 1200.0) < 1e-9


def test_regime_report_in_lattice_and_si_units():
    values = regime.transport_parameters(1.0, 1.5, units=GAAS, length=50.0, width=40,
                                         temperature=0.01)
    d, l = values["diffusion_constant"], values["mean_free_path"]
    assert abs(values["thouless_energy"] - d / 50.0**2) < 1e-15
    assert abs(values["thermal_length"] - math.sqrt(d / 0.01)) < 1e-12
    n = int(theory.open_channels(1.0, 40))
    assert abs(values["localization_length"]
               - (n + 1) * values["sheet_conductance"] * 40 / n) < 1e-9
    assert abs(values["mean_free_path_nm"] - 5.0 * l) < 1e-9
    assert abs(values["thermal_length_nm"] - 5.0 * values["thermal_length"]) < 1e-9
    assert abs(values["thouless_energy_meV"] - GAAS.hopping * values["thouless_energy"]) < 1e-12
    assert abs(values["diffusion_constant_m2_per_s"] - GAAS.diffusion_constant_si(d)) < 1e-15
    film = regime.transport_parameters(1.0, 1.5)
    assert abs(film["localization_length"] / (l * math.exp(math.pi * film["sheet_conductance"]))
               - 1) < 1e-12
    assert regime.transport_parameters(1.0, 1.5, beta=4)["localization_length"] == math.inf


@pytest.mark.slow
@pytest.mark.parametrize("energy, target", [(0.5, 20.0), (1.0, 12.0), (2.0, 12.0)])
def test_simulated_drude_transport_has_the_requested_mean_free_path(energy, target):
    """The disorder for a mean free path, simulated: <g>(L) of 40-wide wires fitted with
    DMPK (WL included) gives the sheet conductance N l_DMPK / W, which must be the Born g_sq
    the disorder was chosen for (at fixed E, l is proportional to g_sq: the simulated l is
    the target times their ratio).  Measured deviations 0.1-2.4 % (without the band shift
    Re Sigma: 4 % at E = 1 and 10 % at E = 0.5); tolerance 4 % plus 3 standard errors."""
    width = 40
    disorder = regime.disorder_for_mean_free_path(energy, target)
    lengths = np.array([10, 20, 40])
    means, errors = [], []
    for length in lengths:
        wire = devices.Wire(width=width, length=int(length))
        g = physics.ensemble(wire, energy=energy, seeds=range(60), disorder=disorder,
                             executor="serial").conductance.values
        means.append(g.mean())
        errors.append(g.std(ddof=1) / np.sqrt(g.size))
    n = int(theory.open_channels(energy, width))
    l_dmpk, l_error, chi2 = fits.fit_mean_free_path(lengths, means, errors, n)
    g_sq_measured, g_sq_error = n * l_dmpk / width, n * l_error / width
    g_sq_born = regime.transport_parameters(energy, disorder)["sheet_conductance"]
    print(f"E = {energy}: g_sq simulated {g_sq_measured:.3f} +- {g_sq_error:.3f}, Born "
          f"{g_sq_born:.3f}, chi2 {chi2:.2f}: l = {target * g_sq_measured / g_sq_born:.2f} a")
    assert abs(g_sq_measured - g_sq_born) <= 0.04 * g_sq_born + 3 * g_sq_error


@pytest.mark.parametrize("call, error, message", [
    (lambda: regime.disorder_for_mean_free_path(1.0, -1.0), ValueError, "mean_free_path"),
    (lambda: regime.disorder_for_mean_free_path(1.0, 0.01), ValueError, "out of the Born range"),
    (lambda: regime.disorder_for_mean_free_path(4.0, 10.0), ValueError, "band centre"),
    (lambda: regime.disorder_for_mean_free_path(9.0, 10.0), ValueError, "energy"),
    (lambda: regime.fermi_energy_for_density(GAAS, 5e13), ValueError, "density"),
    (lambda: regime.disorder_for_mobility(GAAS, 2e11, "3 T"), ValueError, "mobility"),
    (lambda: regime.transport_parameters(1.0, 1.0, beta=3), ValueError, "beta"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_dubious_regimes_warn_with_the_number():
    with pytest.warns(regime.RegimeWarning, match=r"mean_free_path = 1\.5 needs disorder"):
        regime.disorder_for_mean_free_path(1.0, 1.5)
    with pytest.warns(regime.RegimeWarning, match=r"disorder = 3 t > 2\.5 t is beyond the Born"):
        regime.transport_parameters(1.0, 3.0)
    with pytest.warns(regime.RegimeWarning, match=r"energy = 0\.02 t is within the Born band "
                                                  r"shift \|Re Sigma\| = 0\.0[0-9]+ t"):
        regime.transport_parameters(0.02, 1.0)
    with pytest.warns(regime.RegimeWarning, match="fills"):
        regime.fermi_energy_for_density(GAAS, 1.6e12)
