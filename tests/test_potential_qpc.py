"""A gated quantum point contact: the saddle-point potential against Buttiker's formula.

Lattice continuum limit: energies <= 0.35 t (k a <= 0.6, band-curvature corrections of
a few per cent), confinement length sqrt(2 t a^2 / hbar omega_y) = 4.5 a.  The
potential V = exp(-(x - x0)^2 / 2 l^2) (V0 + a_y (y - y0)^2) is a saddle with
hbar omega_x = sqrt(2 V0) / l, hbar omega_y = 2 sqrt(a_y) at its centre and opens
smoothly into the clean leads.  Measured (W = 61, L = 101 and this W = 41, L = 81, same
curvatures): step midpoints within 0.03 hbar omega_y of Buttiker's, centred-difference
slopes within 8 %, |g - g_Buttiker| at most 0.03 (first step) and 0.07 (second: the
lattice's smaller effective hbar omega_y and the Gaussian's anharmonicity shift it
down); the tolerances below are about twice that (0.06 hbar omega_y, 16 %, 0.12).
"""

import numpy as np
import pytest

import devices
import physics
from physics import theory

V0, A_Y, L_X = 0.15, 0.0025, 11.0
HW_X, HW_Y = np.sqrt(2 * V0) / L_X, 2 * np.sqrt(A_Y)


def saddle(x, y, v0=V0, a_y=A_Y, l_x=L_X, x0=40.0, y0=20.0):
    return np.exp(-0.5 * ((x - x0) / l_x) ** 2) * (v0 + a_y * (y - y0) ** 2)


@pytest.fixture(scope="module")
def qpc():
    return devices.Wire(width=41, length=81, potential=saddle)


def test_qpc_steps_follow_the_saddle_point_formula(qpc):
    for n in (0, 1):
        middle = V0 + HW_Y * (n + 0.5)
        energies = middle + np.array([-0.01, 0.0, 0.01])
        g = np.array([physics.conductance(qpc, e) for e in energies]) - n
        # Midpoint by linear interpolation, slope from the centred difference.
        slope = (g[2] - g[0]) / 0.02
        crossing = energies[1] - (g[1] - 0.5) / slope
        assert abs(crossing - middle) < 0.06 * HW_Y, (n, crossing, middle)
        buttiker = theory.saddle_point_transmission(energies, V0, HW_X, HW_Y) - n
        # The step width: the same centred difference of Buttiker's T (~pi / 2 hbar omega_x).
        assert slope == pytest.approx((buttiker[2] - buttiker[0]) / 0.02, rel=0.16), n
        assert np.max(np.abs(g - buttiker)) < 0.12
    # On the plateau in between, one open channel.
    assert physics.conductance(qpc, V0 + HW_Y) == pytest.approx(1.0, abs=0.03)


def test_the_gate_voltage_is_a_solve_time_parameter(qpc):
    """Raising the saddle by dV moves the steps by dV: g(E, V0 + dV) = g(E - dV, V0)."""
    g_shifted = physics.conductance(qpc, 0.25, v0=V0 + 0.05)
    g_reference = physics.conductance(qpc, 0.20, v0=V0)
    assert g_shifted == pytest.approx(g_reference, abs=0.02)
    assert physics.conductance(qpc, 0.25, v0=V0 + 0.3) < 0.01  # pinched off
