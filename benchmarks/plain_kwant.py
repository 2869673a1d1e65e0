"""Plain-Kwant reference implementations of the benchmarked systems.

What a user would write without this project: scalar Python value functions
(disorder from `kwant.digest`, Peierls phase in the Landau gauge), the default
`kwant.smatrix` (MUMPS with its default ordering, lead modes recomputed at
every call).  Same lattices and sizes as the project's devices.
"""

import cmath
import math

import kwant
import numpy as np
import tinyarray as ta


def _onsite(site, disorder, seed):
    return 4 + disorder * (kwant.digest.uniform(site.tag, salt=str(seed)) - 0.5)


def _onsite_3d(site, disorder, seed):
    return 6 + disorder * (kwant.digest.uniform(site.tag, salt=str(seed)) - 0.5)


def _hopping(site1, site2, phi):
    x1, y1 = site1.pos
    x2, y2 = site2.pos
    return -cmath.exp(1j * 2 * math.pi * phi * (x1 - x2) * (y1 + y2) / 2)


def _lead_onsite(site, phi):
    return 4


def _attach_two_leads(syst, symmetry, cell, onsite, hopping):
    """Clean leads on both ends of ``syst``: unit cell ``cell`` (sites), translation ``symmetry``."""
    lead = kwant.Builder(kwant.TranslationalSymmetry(symmetry))
    lead[cell] = onsite
    lead[cell[0].family.neighbors()] = hopping
    syst.attach_lead(lead)
    syst.attach_lead(lead.reversed())


def wire(width, length):
    """A width x length disordered wire in a perpendicular field with two leads."""
    lat = kwant.lattice.square(norbs=1)
    syst = kwant.Builder()
    syst[(lat(x, y) for x in range(length) for y in range(width))] = _onsite
    syst[lat.neighbors()] = _hopping
    _attach_two_leads(syst, (-1, 0), [lat(0, y) for y in range(width)], 4, _hopping)
    return syst.finalized()


def block(length, width, height=None):
    """A 3D length x width x height disordered bar (no field)."""
    height = width if height is None else height
    lat = kwant.lattice.cubic(norbs=1)
    syst = kwant.Builder()
    syst[(lat(x, y, z) for x in range(length) for y in range(width)
          for z in range(height))] = _onsite_3d
    syst[lat.neighbors()] = -1
    _attach_two_leads(syst, (-1, 0, 0),
                      [lat(0, y, z) for y in range(width) for z in range(height)], 6, -1)
    return syst.finalized()


def ring(inner_radius, outer_radius, lead_width):
    """An annulus with two leads in a uniform field (Landau gauge)."""
    lat = kwant.lattice.square(norbs=1)
    yc = (lead_width - 1) / 2
    reach = math.floor(outer_radius) + 1

    def shape(pos):
        x, y = pos
        r = math.hypot(x, y - yc)
        stub = 0 <= y < lead_width and abs(x) >= 0.5 * (inner_radius + outer_radius)
        return (inner_radius <= r <= outer_radius or stub) and abs(x) <= reach

    syst = kwant.Builder()
    syst[lat.shape(shape, (0, round(yc + 0.5 * (inner_radius + outer_radius))))] = _onsite
    syst[lat.neighbors()] = _hopping
    _attach_two_leads(syst, (-1, 0), [lat(0, y) for y in range(lead_width)], 4, _hopping)
    return syst.finalized()


def hall_bar(width, length, arm_width):
    """Six-terminal Hall bar, field via kwant's Landau-gauge-free helper (no field here)."""
    lat = kwant.lattice.square(norbs=1)
    syst = kwant.Builder()
    syst[(lat(x, y) for x in range(length) for y in range(width))] = _onsite
    syst[lat.neighbors()] = -1
    lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    lead[(lat(0, y) for y in range(width))] = 4
    lead[lat.neighbors()] = -1
    syst.attach_lead(lead)
    starts = (round(length / 4 - arm_width / 2), round(3 * length / 4 - arm_width / 2))
    for s in starts:
        down = kwant.Builder(kwant.TranslationalSymmetry((0, -1)))
        down[(lat(x, 0) for x in range(s, s + arm_width))] = 4
        down[lat.neighbors()] = -1
        syst.attach_lead(down)
    syst.attach_lead(lead.reversed())
    for s in starts:
        up = kwant.Builder(kwant.TranslationalSymmetry((0, 1)))
        up[(lat(x, 0) for x in range(s, s + arm_width))] = 4
        up[lat.neighbors()] = -1
        syst.attach_lead(up)
    return syst.finalized()


def gated_qpc(width, length, v0=0.15, a_y=0.0025, l_x=11.0, l_y=20.0):
    """A disordered wire with a split-gate saddle potential; the gate ``v0`` is a parameter."""
    lat = kwant.lattice.square(norbs=1)
    x0, y0 = (length - 1) / 2, (width - 1) / 2

    def onsite(site, disorder, seed, v_gate):
        x, y = site.pos
        saddle = (v_gate * math.exp(-0.5 * ((x - x0) / l_x) ** 2)
                  + a_y * (y - y0) ** 2 * math.exp(-((x - x0) / l_y) ** 4))
        return 4 + saddle + disorder * (kwant.digest.uniform(site.tag, salt=str(seed)) - 0.5)

    syst = kwant.Builder()
    syst[(lat(x, y) for x in range(length) for y in range(width))] = onsite
    syst[lat.neighbors()] = _hopping
    _attach_two_leads(syst, (-1, 0), [lat(0, y) for y in range(width)], 4, _hopping)
    return syst.finalized()


def cavity(size, lead_width):
    """A disordered square cavity with two narrow leads on opposite sides, offset."""
    lat = kwant.lattice.square(norbs=1)
    syst = kwant.Builder()
    syst[(lat(x, y) for x in range(size) for y in range(size))] = _onsite
    syst[lat.neighbors()] = _hopping
    left = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    left[(lat(0, y) for y in range(2, 2 + lead_width))] = 4
    left[lat.neighbors()] = _hopping
    syst.attach_lead(left)
    right = kwant.Builder(kwant.TranslationalSymmetry((1, 0)))
    right[(lat(0, y) for y in range(size - 2 - lead_width, size - 2))] = 4
    right[lat.neighbors()] = _hopping
    syst.attach_lead(right)
    return syst.finalized()


def zigzag_ribbon(chains, length):
    """A disordered zigzag graphene ribbon (Kwant's honeycomb, leads along x) in a field."""
    lat = kwant.lattice.honeycomb(a=1, norbs=1)
    root3 = math.sqrt(3)

    def inside(pos):
        return 0 <= pos[0] <= length and -0.5 / root3 - 1e-6 <= pos[1] <= (chains - 1) * root3 / 2 + 1e-6

    def onsite(site, disorder, seed):
        return disorder * (kwant.digest.uniform(repr(site), salt=str(seed))
                           - 0.5)

    syst = kwant.Builder()
    syst[lat.shape(inside, (1, 0))] = onsite
    syst[lat.neighbors()] = _hopping
    lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    lead[lat.shape(lambda pos: inside((0.5, pos[1])), (0, 0))] = 0
    lead[lat.neighbors()] = _hopping
    syst.attach_lead(lead)
    syst.attach_lead(lead.reversed())
    return syst.finalized()


def conductance(fsyst, energy, **params):
    return kwant.smatrix(fsyst, energy, params=params).transmission(1, 0)


def conductance_matrix(fsyst, energy, **params):
    return np.asarray(kwant.smatrix(fsyst, energy, params=params).conductance_matrix())
