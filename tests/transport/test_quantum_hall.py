"""Integer quantum Hall plateaus of a clean Hall bar (docs/theory/multiterminal.md#quantum-hall-plateaus)."""

import numpy as np
import pytest

import devices
import physics
from physics import theory

PHI = 0.03  # l_m = (2 pi phi)^-1/2 = 2.3 a << width; hbar omega_c = 0.377 t


@pytest.fixture(scope="module")
def bar():
    return devices.HallBar(width=24, length=64, arm_width=10)


@pytest.mark.parametrize("filling", [1, 2])
@pytest.mark.parametrize("sign", [1, -1])
def test_plateaus(bar, filling, sign):
    levels = theory.landau_level_energies(PHI, 3)
    energy = 0.5 * (levels[filling - 1] + levels[filling])  # midway between LLs
    G = physics.conductance_matrix(bar, energy, phi=sign * PHI)
    r_xx, r_xy = physics.hall_resistances(G)
    # Edge-state transport: exact up to tunnelling across the bar, ~exp(-(W/l_m)^2).
    assert abs(r_xy - sign / filling) < 1e-6, (filling, r_xy)
    assert abs(r_xx) < 1e-6, (filling, r_xx)


def test_landau_levels_of_a_wide_lead():
    # Bulk Landau levels: flat bands at the k whose guiding centre is mid-lead.
    import kwant
    width = 60
    wire = devices.Wire(width=width, length=1)
    lead = wire.finalized.leads[0]
    bands = kwant.physics.Bands(lead, params=wire.solve_params(phi=PHI))
    k_centre = -2 * np.pi * PHI * (width - 1) / 2
    energies = np.sort(bands(k_centre))[:3]
    assert np.allclose(np.sort(bands(k_centre + 0.05))[:3], energies, atol=1e-6), "flat bands"
    bare = theory.landau_level_energies(PHI, 3)
    corrected = theory.landau_level_energies(PHI, 3, lattice_correction=True)
    # The quartic band correction must explain >= 90 % of the deviation from
    # hbar omega_c (n + 1/2); what remains is of higher order in hbar omega_c / t.
    assert np.all(np.abs(energies - corrected) < 0.1 * np.abs(bare - corrected)), (
        energies, bare, corrected)
