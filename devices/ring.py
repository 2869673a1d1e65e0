"""Aharonov-Bohm ring: an annulus with two leads."""

import dataclasses
import math

import numpy as np

from .base import Device
from .geometry import Lead
from .validation import check_length, check_size

__all__ = ["Ring"]


@dataclasses.dataclass(frozen=True)
class Ring(Device):
    """An Aharonov-Bohm annulus between two leads.

    Sites with ``inner_radius <= r <= outer_radius`` of the ring centre, plus two
    straight stubs of ``lead_width`` sites that connect the annulus to the leads
    along x.  Lead 0 is on the left, lead 1 on the right.

    Parameters
    ----------
    inner_radius, outer_radius : float
        Radii of the annulus in lattice constants.
    lead_width : int
        Number of sites across each lead.
    spin : bool
        Two orbitals per site.

    Notes
    -----
    Besides the common parameters (``phi`` is a uniform field that also threads
    the arms), the ring has ``flux``: the flux through the hole in units of h/e,
    carried by hoppings that cross a branch cut running from the hole through the
    upper arm.  The ring centre is at x = 0, y = (lead_width - 1) / 2.
    """

    inner_radius: float
    outer_radius: float
    lead_width: int
    spin: bool = False


    def _validate(self):
        check_length("inner_radius", self.inner_radius, minimum=1.0)
        check_length("outer_radius", self.outer_radius)
        check_size("lead_width", self.lead_width)
        if self.inner_radius + 1 > self.outer_radius:
            raise ValueError(
                f"inner_radius ({self.inner_radius}) must be at least one lattice constant "
                f"smaller than outer_radius ({self.outer_radius})")
        if self.lead_width >= 2 * self.outer_radius:
            raise ValueError(
                f"lead_width ({self.lead_width}) must be smaller than the ring's outer "
                f"diameter 2*outer_radius ({2 * self.outer_radius})")

    @property
    def center(self):
        """Ring centre (x, y) in lattice units."""
        return (0.0, (self.lead_width - 1) / 2)

    @property
    def _lead_x(self):
        # First column beyond the annulus: only the stub reaches it, so the
        # lead interface is flat.
        return math.floor(self.outer_radius) + 1

    @property
    def aharonov_bohm_cut(self):
        """The branch cut: the half-line x = 1/2 above the ring centre (through the upper arm)."""
        return (0.5, self.center[1])

    def estimated_sites(self):
        return math.pi * (self.outer_radius**2 - self.inner_radius**2)

    def region(self):
        xc, yc = self.center
        reach = self._lead_x
        x, y = np.meshgrid(np.arange(-reach, reach + 1),
                           np.arange(math.floor(yc - reach), math.ceil(yc + reach) + 1),
                           indexing="ij")
        r = np.hypot(x - xc, y - yc)
        annulus = (r >= self.inner_radius) & (r <= self.outer_radius)
        stubs = ((y >= 0) & (y < self.lead_width)
                 & (np.abs(x) >= 0.5 * (self.inner_radius + self.outer_radius)))
        inside = annulus | stubs
        tags = np.column_stack([x[inside], y[inside]]).astype(np.int64)
        return np.zeros(len(tags), dtype=np.int64), tags

    def lead_specs(self):
        # The stubs are the region's outermost columns: the default lead windows hold them.
        return [Lead("left"), Lead("right")]
