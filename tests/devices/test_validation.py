"""Bad input raises a clear error naming the argument, before any Kwant call."""

import math

import pytest

import devices
import physics

WIRE = dict(width=6, length=8)


def _wire():
    return devices.Wire(**WIRE)


def _spin_wire():
    return devices.Wire(**WIRE, spin=True)


BAD_BUILDERS = [
    (lambda: devices.Wire(width=0, length=8), ValueError, "width"),
    (lambda: devices.Wire(width=6.5, length=8), TypeError, "width"),
    (lambda: devices.Wire(width=True, length=8), TypeError, "width"),
    (lambda: devices.Wire(width=6, length=-3), ValueError, "length"),
    (lambda: devices.Wire(width=6, length=8, spin="yes"), TypeError, "spin"),
    (lambda: devices.Wire(width=6, length=8, colour=1), TypeError, "colour"),
    (lambda: devices.Film(width=6, length=4, thickness=0), ValueError, "thickness"),
    (lambda: devices.Block(length=4, width=2.0), TypeError, "width"),
    (lambda: devices.Ring(inner_radius=10, outer_radius=10, lead_width=4), ValueError, "inner_radius"),
    (lambda: devices.Ring(inner_radius=12, outer_radius=10, lead_width=4), ValueError, "inner_radius"),
    (lambda: devices.Ring(inner_radius=math.nan, outer_radius=10, lead_width=4), ValueError, "inner_radius"),
    (lambda: devices.Ring(inner_radius=5, outer_radius=math.inf, lead_width=4), ValueError, "outer_radius"),
    (lambda: devices.Ring(inner_radius=5, outer_radius=10, lead_width=25), ValueError, "lead_width"),
    (lambda: devices.HallBar(width=10, length=20, arm_width=9), ValueError, "arm_width"),
    (lambda: devices.HallBar(width=10, length=2), ValueError, "length"),
    (lambda: devices.Units(lattice_constant=-1.0, effective_mass=0.067), ValueError, "lattice_constant"),
    (lambda: devices.Units(lattice_constant=2.0, effective_mass=0.067).sites("width", 101.0), ValueError, "width"),
]


@pytest.mark.parametrize("build, error, name", BAD_BUILDERS)
def test_bad_builder_arguments(build, error, name):
    with pytest.raises(error, match=name):
        build()


BAD_SOLVES = [
    (_wire, dict(energy=math.nan), ValueError, "energy"),
    (_wire, dict(energy="1"), TypeError, "energy"),
    (_wire, dict(energy=1.0, disorder=-1.0), ValueError, "disorder"),
    (_wire, dict(energy=1.0, disorder=1 + 2j), TypeError, "disorder"),
    (_wire, dict(energy=1.0, phi=math.inf), ValueError, "phi"),
    (_wire, dict(energy=1.0, magnetic_field=1.0), TypeError, "magnetic_field"),
    (_wire, dict(energy=1.0, seed=-1), ValueError, "seed"),
    (_wire, dict(energy=1.0, seed=1.5), TypeError, "seed"),
    (_wire, dict(energy=1.0, random_flux=-0.1), ValueError, "random_flux"),
    (_wire, dict(energy=1.0, rashba=0.1), TypeError, "rashba"),  # spinless device
    (_spin_wire, dict(energy=1.0, so_disorder=2.0), ValueError, "so_disorder"),
    (_spin_wire, dict(energy=1.0, zeeman_direction=(0, 0, 0)), ValueError, "zeeman_direction"),
    (_spin_wire, dict(energy=1.0, zeeman=math.nan), ValueError, "zeeman"),
    (lambda: devices.Film(width=4, length=3, thickness=2), dict(energy=1.0, field_direction=(1, 0)),
     TypeError, "field_direction"),
    (lambda: devices.Ring(inner_radius=4, outer_radius=7, lead_width=3), dict(energy=1.0, flux="half"),
     TypeError, "flux"),
]


@pytest.mark.parametrize("make, kwargs, error, name", BAD_SOLVES)
def test_bad_solve_parameters(make, kwargs, error, name):
    device = make()
    with pytest.raises(error, match=name):
        physics.conductance(device, **kwargs)
    assert "finalized" not in device.__dict__, "validation must precede the Kwant build"


def test_two_terminal_quantity_on_hall_bar():
    with pytest.raises(ValueError, match="conductance_matrix"):
        physics.conductance(devices.HallBar(width=6, length=16), 1.0)


def test_bad_lead_index():
    with pytest.raises(ValueError, match="lead"):
        physics.open_modes(_wire(), 1.0, lead=2)


def test_four_terminal_bad_terminal():
    with pytest.raises(ValueError, match="plus"):
        physics.four_terminal_resistance([[1, -1], [-1, 1]], 0, 1, 5, 0)


def test_absurd_sizes_are_refused_before_anything_is_built():
    """A device of millions of sites (e.g. sizes in nm passed as lattice constants) used to
    grow ~70 MB/s until killed; it is refused at construction, with the estimate."""
    for make in (lambda: devices.Wire(width=10**6, length=20),
                 lambda: devices.Film(width=200, length=200, thickness=200),
                 lambda: devices.Ring(inner_radius=10, outer_radius=5000, lead_width=4),
                 lambda: devices.HallBar(width=2000, length=4000),
                 lambda: devices.ShapedDevice(devices.Polygon.rectangle(0, 0, 9999, 9999),
                                              [devices.Lead("left"), devices.Lead("right")])):
        with pytest.raises(ValueError, match="MAX_SITES"):
            make()
    assert devices.Wire(width=40, length=200).estimated_sites() == 8000
    ribbon = devices.graphene_ribbon("zigzag", 30, 80)
    assert ribbon.finalized.graph.num_nodes <= ribbon.estimated_sites() <= 1.5 * 4860
