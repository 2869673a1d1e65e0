"""Devices from lithography layouts (gdstk files written here) and surface-gate potentials."""

import pickle

import gdstk
import numpy as np
import pytest

import devices
import physics
from devices.gates import GatePotential, rectangle_gate_potential, solid_angle

GAAS = devices.Units(lattice_constant=10.0, effective_mass=0.067)
DEPTH = 50.0            # nm
FINGERS = [((200.0, -100.0), (400.0, 140.0)), ((200.0, 260.0), (400.0, 500.0))]  # nm


def _write(path, shapes, labels=(), unit=1e-6):
    """A one-cell GDSII file: ``shapes`` are (points in nm, layer), labels (text, xy nm, layer)."""
    library = gdstk.Library(unit=unit)
    cell = library.new_cell("TOP")
    scale = 1e-9 / unit
    for points, layer in shapes:
        cell.add(gdstk.Polygon(np.asarray(points, dtype=float) * scale, layer=layer))
    for text, origin, layer in labels:
        cell.add(gdstk.Label(text, np.asarray(origin, dtype=float) * scale, layer=layer))
    library.write_gds(str(path))
    return path


def _rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _qpc_shapes():
    return ([(_rect(0, 0, 600, 400), 1), (_rect(-20, 0, 0, 400), 2), (_rect(600, 0, 620, 400), 2)]
            + [(_rect(*a, *b), 3) for a, b in FINGERS])


@pytest.fixture(scope="module")
def qpc_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("layout") / "qpc.gds"
    return _write(path, _qpc_shapes(), [("source", (-10, 200), 2), ("drain", (610, 200), 2)])


@pytest.fixture(scope="module")
def qpc(qpc_file):
    return devices.from_layout(qpc_file, GAAS, mesa=1, ports=2, gates={"split": 3}, depth=DEPTH)


# --- the gate electrostatics --------------------------------------------------------------

def test_solid_angle_of_a_polygon_is_the_closed_form_rectangle_potential():
    x, y = np.meshgrid(np.linspace(-300, 300, 25), np.linspace(-250, 250, 21))
    bounds = (-50.0, -100.0, 120.0, 80.0)
    closed_form = rectangle_gate_potential(x, y, bounds, 60.0)
    for outline in (_rect(*bounds), _rect(*bounds)[::-1]):     # either orientation
        np.testing.assert_allclose(solid_angle(outline, x, y, 60.0) / (2 * np.pi), closed_form,
                                   atol=1e-13)
    # A large gate: phi -> V right under it; an L shape is the sum of its two rectangles.
    assert rectangle_gate_potential(0, 0, (-1e6, -1e6, 1e6, 1e6), 10) == pytest.approx(1, abs=1e-5)
    l_shape = [(0, 0), (200, 0), (200, 50), (60, 50), (60, 150), (0, 150)]
    np.testing.assert_allclose(
        solid_angle(l_shape, x, y, 40.0) / (2 * np.pi),
        rectangle_gate_potential(x, y, (0, 0, 200, 50), 40.0)
        + rectangle_gate_potential(x, y, (0, 50, 60, 150), 40.0), atol=1e-13)
    # A hole removes its own solid angle.
    np.testing.assert_allclose(
        solid_angle(_rect(0, 0, 200, 200), x, y, 30.0, holes=[_rect(50, 50, 100, 100)]),
        solid_angle(_rect(0, 0, 200, 200), x, y, 30.0) - solid_angle(_rect(50, 50, 100, 100),
                                                                      x, y, 30.0), atol=1e-13)


def test_layout_split_gate_potential_is_the_closed_form(qpc):
    assert qpc.gate_names == ("split",)
    assert qpc.potential_parameter_names == ("v_split",)
    x, y = np.meshgrid(np.arange(0, 61), np.arange(0, 41))       # lattice constants
    lever = sum(rectangle_gate_potential(10 * x, 10 * y, (*a, *b), DEPTH) for a, b in FINGERS)
    expected = -1000.0 * (-0.004) * lever / GAAS.hopping          # t
    np.testing.assert_allclose(qpc.potential(x, y, v_split=-0.004), expected, rtol=1e-12)
    # In the gap the potential is a saddle: lower than under the fingers, still raised.
    gap, under = qpc.potential(30, 20, v_split=-0.004), qpc.potential(30, 5, v_split=-0.004)
    assert 0 < gap < under


def test_gate_potential_pickles_and_refuses_unknown_voltages():
    gate = GatePotential({"top": [(_rect(0, 0, 100, 100), [])]}, depth=20.0, lever_arm=0.5)
    copy = pickle.loads(pickle.dumps(gate))
    assert copy(50.0, 50.0, v_top=-0.1) == gate(50.0, 50.0, v_top=-0.1)
    assert gate(50.0, 50.0, v_top=-0.1) == pytest.approx(
        0.5 * 100.0 * rectangle_gate_potential(50, 50, (0, 0, 100, 100), 20.0))
    with pytest.raises(TypeError, match="unknown gate voltage.*v_bottom.*v_top"):
        gate(0.0, 0.0, v_bottom=1.0)
    with pytest.raises(ValueError, match="gate name 'a b'"):
        GatePotential({"a b": [(_rect(0, 0, 1, 1), [])]}, depth=1.0)
    with pytest.raises(ValueError, match="depth"):
        GatePotential({"a": [(_rect(0, 0, 1, 1), [])]}, depth=-1.0)


# --- the device ---------------------------------------------------------------------------

def test_layout_ports_become_named_leads(qpc):
    assert qpc.lead_names == ("source", "drain")
    assert qpc.lead_index("drain") == 1
    assert [lead.side for lead in qpc.leads] == ["left", "right"]
    assert qpc.n_sites == 61 * 41
    # The clean constriction-free device: every lead mode is transmitted.
    energy = GAAS.energy(3.0)
    g = physics.conductance(qpc, energy)
    assert g == pytest.approx(physics.open_modes(qpc, energy), abs=1e-6)
    with pytest.raises(ValueError, match="no port named 'gate'"):
        qpc.lead_index("gate")


def test_layout_qpc_conductance_steps_with_split_gate_voltage(qpc):
    """Sweeping the split gate (in volts) pinches the constriction off in quantized steps."""
    energy = GAAS.energy(3.0)
    voltages = np.arange(-0.0055, -0.0116, -0.00025)
    g = np.array([physics.conductance(qpc, energy, v_split=f"{v * 1e3:.2f} mV")
                  for v in voltages])
    assert np.all(np.diff(g) < 1e-3)                        # closes monotonically
    for n in (1, 2):                                        # plateaus: 3+ points within 0.05
        assert np.sum(np.abs(g - n) < 0.05) >= 3, (n, g.round(3))
    assert np.any((g > 1.2) & (g < 1.8))                    # and a riser between them


def test_gate_voltage_sweeps_in_ensembles(qpc):
    energy = GAAS.energy(3.0)
    dataset = physics.ensemble(qpc, energy=energy, seeds=[0], executor="serial",
                               sweep={"v_split": ["-10 mV", "-15 mV"]})
    assert dataset.v_split.attrs["units"] == "V"
    np.testing.assert_allclose(dataset.conductance.values[0],
                               [physics.conductance(qpc, energy, v_split=v)
                                for v in (-0.010, -0.015)], rtol=1e-12)


def test_layout_in_another_file_unit_and_with_a_hole(tmp_path):
    """A ring drawn in nm units (library unit 1e-9), its hole in GDSII's keyhole form."""
    library = gdstk.Library(unit=1e-9)
    cell = library.new_cell("RING")
    cell.add(*gdstk.boolean(gdstk.rectangle((0, 0), (400, 300)),
                            gdstk.rectangle((150, 100), (250, 200)), "not", layer=1))
    cell.add(gdstk.rectangle((-10, 100), (0, 200), layer=2),
             gdstk.rectangle((100, 300), (200, 310), layer=2))
    library.write_gds(str(tmp_path / "ring.gds"))
    device = devices.from_layout(tmp_path / "ring.gds", GAAS, mesa=(1, 0), ports=2)
    assert device.lead_names == ("port0", "port1")
    assert [lead.side for lead in device.leads] == ["left", "top"]
    assert [lead.center for lead in device.leads] == [pytest.approx(15.0)] * 2
    assert device.leads[0].width == pytest.approx(11.0)     # rows 10..20
    positions = device.region_positions()
    assert len(positions) == 41 * 31 - 9 * 9                # the hole's interior is empty
    assert not np.any((positions[:, 0] > 15.5) & (positions[:, 0] < 24.5)
                      & (positions[:, 1] > 10.5) & (positions[:, 1] < 19.5))


@pytest.mark.parametrize("shapes, labels, kwargs, message", [
    ([(_rect(0, 0, 100, 100), 1)], [], {}, "ports layer 2: no polygons.*layers present: 1/0"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(-10, 0, 0, 100), 2), ([(0, 0), (50, 0), (100, 0)], 1)],
     [], {}, "mesa layer 1, polygon 1 .*encloses no area"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(-10, 0, 0, 100), 2),
      ([(0, 0), (100, 100), (100, 0), (0, 60)], 3)], [], {"gates": {"top": 3}, "depth": 10},
     "gate 'top' layer 3, polygon 0 .*not a simple polygon"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(200, 0, 300, 100), 1), (_rect(-10, 0, 0, 100), 2)],
     [], {}, "mesa layer 1 .* in 2 separate pieces"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(-30, 0, -10, 100), 2)], [], {},
     "port 'port0' is not on the mesa edge"),
    ([([(0, 0), (100, 0), (0, 100)], 1), (_rect(40, 40, 60, 60), 2)], [], {},
     "port 'port0' touches the mesa along a slanted"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(-10, 0, 0, 100), 2), (_rect(100, 0, 110, 100), 2)],
     [("a", (-5, 50), 2), ("a", (105, 50), 2)], {}, "two ports are named 'a'"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(-10, 0, 0, 100), 2), (_rect(20, 20, 40, 40), 3)],
     [], {"gates": {"top": 3}}, "gates need depth"),
    ([(_rect(0, 0, 100, 100), 1), (_rect(-10, 0, 0, 100), 2)], [],
     {"gates": {"top": 5}, "depth": 10}, "gate 'top' layer 5: no polygons"),
])
def test_bad_layouts_are_named(tmp_path, shapes, labels, kwargs, message):
    path = _write(tmp_path / "bad.gds", shapes, labels)
    with pytest.raises((ValueError, TypeError), match=message):
        devices.from_layout(path, GAAS, mesa=1, ports=2, **kwargs)


def test_bad_layout_files_and_arguments(tmp_path, qpc_file):
    with pytest.raises(ValueError, match="does not exist"):
        devices.from_layout(tmp_path / "none.gds", GAAS, mesa=1, ports=2)
    (tmp_path / "text.gds").write_text("not a layout")
    with pytest.raises(ValueError, match="could not be read as GDSII"):
        devices.from_layout(tmp_path / "text.gds", GAAS, mesa=1, ports=2)
    with pytest.raises(ValueError, match="no cell 'MAIN'; its cells are TOP"):
        devices.from_layout(qpc_file, GAAS, mesa=1, ports=2, cell="MAIN")
    with pytest.raises(TypeError, match="mesa must be a layer number"):
        devices.from_layout(qpc_file, GAAS, mesa="one", ports=2)
    with pytest.raises(TypeError, match="units must be a devices.Units"):
        devices.from_layout(qpc_file, 10.0, mesa=1, ports=2)


def test_oasis_layouts_read_like_gdsii(tmp_path, qpc_file):
    library = gdstk.read_gds(str(qpc_file))
    library.write_oas(str(tmp_path / "qpc.oas"))
    from_oasis = devices.from_layout(tmp_path / "qpc.oas", GAAS, mesa=1, ports=2,
                                     gates={"split": 3}, depth=DEPTH)
    from_gds = devices.from_layout(qpc_file, GAAS, mesa=1, ports=2, gates={"split": 3},
                                   depth=DEPTH)
    assert from_oasis.leads == from_gds.leads and from_oasis.n_sites == from_gds.n_sites
    assert from_oasis.lead_names == ("source", "drain")
    energy = GAAS.energy(3.0)
    assert physics.conductance(from_oasis, energy, v_split=-0.008) == pytest.approx(
        physics.conductance(from_gds, energy, v_split=-0.008), abs=1e-9)
