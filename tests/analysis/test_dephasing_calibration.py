"""The probe coupling for a target L_phi, with D measured with the probes on."""

import pytest

import devices
from physics.analysis import dephasing_calibration as calibration

WIRE = devices.Wire(width=8, length=60)
PARAMS = dict(disorder=2.0, phi=0.01)


def test_coupling_and_length_are_inverse():
    found = calibration.coupling_for_length(WIRE, 3.4, 15.0, probes="all", seeds=range(3),
                                            **PARAMS)
    assert found["steps"] >= 2  # D changed with eta: the iteration did something
    back = calibration.probe_dephasing_length(WIRE, 3.4, found["dephasing"], probes="all",
                                              seeds=range(3), **PARAMS)
    # The iteration stops at a relative step of 1e-3 in eta, i.e. 5e-4 in L_phi.
    assert back["dephasing_length"] == pytest.approx(15.0, rel=1e-3)
    # A checkerboard halves the probe fraction: about twice the coupling for the same L_phi.
    sparse = calibration.coupling_for_length(WIRE, 3.4, 15.0, probes="checkerboard",
                                             seeds=range(3), **PARAMS)
    assert sparse["probe_fraction"] == 0.5
    assert sparse["dephasing"] == pytest.approx(2 * found["dephasing"], rel=0.1)


def test_probes_lower_the_diffusion_constant():
    """The probes relax momentum: D(eta) < D(0), by ~ 1/(1 + 2 eta tau) (tau ~ l/v)."""
    coherent = calibration.measured_diffusion_constant(WIRE, 3.4, seeds=range(3), **PARAMS)
    dephased = calibration.measured_diffusion_constant(WIRE, 3.4, dephasing=0.05, seeds=range(3),
                                                       **PARAMS)
    assert dephased["diffusion_constant"] < coherent["diffusion_constant"]
    assert coherent["diffusion_constant_error"] > 0


def test_bad_input_is_named():
    ring = devices.Ring(inner_radius=4, outer_radius=8, lead_width=4)
    with pytest.raises(ValueError, match="two-terminal bar"):
        calibration.measured_diffusion_constant(ring, 1.0, seeds=range(2))
    with pytest.raises(ValueError, match="target_length"):
        calibration.coupling_for_length(WIRE, 3.4, -1.0)
    with pytest.raises(ValueError, match="number of seeds"):
        calibration.measured_diffusion_constant(WIRE, 3.4, seeds=[1])
