"""The device contract: documented solve-time parameters, built once, geometry."""

import numpy as np
import pytest

import devices
import physics

ALL = [
    devices.Wire(width=5, length=6),
    devices.Wire(width=5, length=6, spin=True),
    devices.Film(width=8, length=4),
    devices.Film(width=5, length=4, thickness=3, spin=True),
    devices.Block(length=4),
    devices.Block(length=5, width=3, height=2),
    devices.Ring(inner_radius=4, outer_radius=7, lead_width=3),
    devices.HallBar(width=6, length=16),
]


@pytest.mark.parametrize("device", ALL, ids=repr)
def test_parameters_match_kwant(device):
    assert set(device.parameters) == set(device.finalized.parameters)
    for spec in device.parameter_specs.values():
        assert spec.doc
    # Defaults are valid and give a clean, field-free device.
    assert device.solve_params() == {
        k: (v if not isinstance(v, tuple) else tuple(float(c) for c in v))
        for k, v in device.parameters.items()}


@pytest.mark.parametrize("device", ALL, ids=repr)
def test_built_once(device):
    fsyst = device.finalized
    params = dict(disorder=1.0, seed=1, phi=0.01)
    a = physics.smatrix(device, 2.0, **params)
    b = physics.smatrix(device, 2.3, **{**params, "seed": 2, "phi": -0.01})
    assert device.finalized is fsyst
    assert a.data.shape[0] > 0 and b.data.shape[0] > 0


def test_geometry_sizes():
    assert len(devices.Wire(width=5, length=6).finalized.sites) == 30
    assert len(devices.Film(width=5, length=4, thickness=3).finalized.sites) == 60
    assert len(devices.Block(length=4).finalized.sites) == 64
    bar = devices.HallBar(width=6, length=16)
    assert len(bar.finalized.leads) == 6
    ring = devices.Ring(inner_radius=6, outer_radius=10, lead_width=4)
    fsyst = ring.finalized
    r = np.array([np.hypot(*(s.pos - ring.center)) for s in fsyst.sites])
    assert r.min() >= 6 - 1e-12  # the hole is empty
    assert len(fsyst.leads) == 2


def test_band_offset_puts_band_bottom_at_zero():
    # Energy is measured from the band bottom: nothing propagates below 0.
    for device in (devices.Wire(width=30, length=2), devices.Block(length=3, width=12, height=12)):
        assert physics.open_modes(device, -1e-3) == 0
    # The 3D lowest subband of a 12x12 hard-wall bar opens at 4 - 4 cos(pi/13).
    bar = devices.Block(length=3, width=12, height=12)
    e11 = 4 * (1 - np.cos(np.pi / 13))
    assert physics.open_modes(bar, e11 - 1e-6) == 0
    assert physics.open_modes(bar, e11 + 1e-3) == 1
