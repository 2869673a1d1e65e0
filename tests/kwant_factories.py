"""Kwant systems written the way a Kwant user writes them, for the `devices.from_kwant` tests."""

import kwant
import kwant.continuum
import numpy as np


def uniform(site, seed):
    """A reproducible uniform number per (seed, site): Kwant's own digest."""
    return kwant.digest.uniform(repr(site.tag), salt=str(seed))


def onsite(site, disorder, seed):
    """Anderson disorder of width ``disorder`` around the band offset 4 t."""
    return 4 + disorder * (uniform(site, seed) - 0.5)


def hopping(to_site, from_site, phi):
    """-t with the Peierls phase of the Landau gauge A = (-B y, 0)."""
    (x1, y1), (x0, y0) = to_site.pos, from_site.pos
    return -np.exp(-1j * np.pi * phi * (x1 - x0) * (y1 + y0))


def _disordered_box(length, width):
    """A length x width disordered square-lattice box and its lattice."""
    lat = kwant.lattice.square(norbs=1)
    syst = kwant.Builder()
    syst[(lat(x, y) for x in range(length) for y in range(width))] = onsite
    syst[lat.neighbors()] = hopping
    return lat, syst


def _attach_x_leads(syst, lat, rows):
    """Clean leads on the rows ``rows``, to the left and to the right (Landau gauge)."""
    lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    lead[(lat(0, y) for y in rows)] = 4
    lead[lat.neighbors()] = hopping
    syst.attach_lead(lead)
    syst.attach_lead(lead.reversed())


def disordered_wire(width=8, length=14):
    """A square-lattice wire with Anderson disorder and a field, scalar value functions."""
    lat, syst = _disordered_box(length, width)
    _attach_x_leads(syst, lat, range(width))
    return syst


def three_terminal(size=10, arm=4):
    """A square cavity with three leads (left, right, top), disorder and a field."""
    lat, syst = _disordered_box(size, size)
    _attach_x_leads(syst, lat, range(arm))

    def top_hopping(to_site, from_site, phi):  # A = (-B y0, B x): invariant along y
        (x1, y1), (x0, y0) = to_site.pos, from_site.pos
        edge = size - 1
        shift = x1 * (y1 - edge) - x0 * (y0 - edge)
        return -np.exp(-1j * 2 * np.pi * phi * (-(x1 - x0) * (y1 + y0) / 2 + shift))

    top = kwant.Builder(kwant.TranslationalSymmetry((0, 1)))
    top[(lat(x, 0) for x in range(3, 3 + arm))] = 4
    top[lat.neighbors()] = top_hopping
    syst.attach_lead(top)
    return syst


def continuum_wire(width=6, length=10):
    """A wire from kwant.continuum.discretize of k^2 + V(x, y)."""
    template = kwant.continuum.discretize("k_x**2 + k_y**2 + V(x, y)", grid=1)
    syst = kwant.Builder()
    syst.fill(template, lambda site: 0 <= site.pos[0] < length and 0 <= site.pos[1] < width,
              (0, 0))
    lead_template = kwant.continuum.discretize("k_x**2 + k_y**2", grid=1)
    lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    lead.fill(lead_template, lambda site: 0 <= site.pos[1] < width, (0, 0))
    syst.attach_lead(lead)
    syst.attach_lead(lead.reversed())
    return syst
