"""Rectangular devices with two leads along x: wire, film (2D sheet or 3D slab), 3D block.

Thin definitions on the device model (`devices.base`): a box of sites and two
`devices.Lead` of the full cross-section on the left and right.
"""

import dataclasses
import itertools
import math

import numpy as np

from .base import Device
from .geometry import Lead
from .validation import check_size

__all__ = ["Bar", "Wire", "Film", "Block"]


class Bar(Device):
    """A hard-wall box of sites with clean leads of the full cross-section on both x ends.

    Lead 0 is attached at x < 0 (source), lead 1 at x >= length (drain).
    """

    @property
    def shape(self):
        """Number of sites along (x, y[, z]); x is the transport direction."""
        raise NotImplementedError

    @property
    def lattice_name(self):
        return "square" if len(self.shape) == 2 else "cubic"

    def estimated_sites(self):
        return math.prod(self.shape)

    def region(self):
        tags = np.array(list(itertools.product(*(range(n) for n in self.shape))), dtype=np.int64)
        return np.zeros(len(tags), dtype=np.int64), tags

    def lead_specs(self):
        return [Lead("left"), Lead("right")]


@dataclasses.dataclass(frozen=True, repr=True)
class Wire(Bar):
    """A disordered quasi-1D wire: ``width`` x ``length`` square lattice, two clean leads.

    Parameters
    ----------
    width : int
        Number of sites across (y); hard-wall edges.  The leads have the same width.
    length : int
        Number of sites along the transport direction (x).
    spin : bool
        Two orbitals per site, enabling ``rashba``, ``zeeman`` and ``so_disorder``.

    Notes
    -----
    Lead 0 at the left (x < 0), lead 1 at the right (x >= length).  Solve-time
    parameters: see `Device.parameters`.
    """

    width: int
    length: int
    spin: bool = False

    def _validate(self):
        check_size("width", self.width)
        check_size("length", self.length)

    @property
    def shape(self):
        return (self.length, self.width)


@dataclasses.dataclass(frozen=True)
class Film(Bar):
    """A film between two leads: a 2D sheet, or a 3D slab of ``thickness`` layers.

    Parameters
    ----------
    width : int
        Sites across the current (y), usually larger than ``length`` for a film.
    length : int
        Sites along the current (x).
    thickness : int or None
        None: a 2D sheet on the square lattice.  An integer H: a cubic-lattice
        slab with H layers along z; the field direction is then the solve-time
        parameter ``field_direction`` (default z, perpendicular to the film), so
        perpendicular and in-plane orbital effects can be compared.
    spin : bool
        Two orbitals per site.
    """

    width: int
    length: int
    thickness: int | None = None
    spin: bool = False

    def _validate(self):
        check_size("width", self.width)
        check_size("length", self.length)
        if self.thickness is not None:
            check_size("thickness", self.thickness)

    @property
    def shape(self):
        if self.thickness is None:
            return (self.length, self.width)
        return (self.length, self.width, self.thickness)


@dataclasses.dataclass(frozen=True)
class Block(Bar):
    """A 3D cubic-lattice block (cube or bar) between two leads, for the Anderson transition.

    Parameters
    ----------
    length : int
        Sites along the current (x).
    width, height : int, optional
        Sites along y and z; default to ``length`` (a cube).
    spin : bool
        Two orbitals per site (e.g. ``so_disorder=1`` for the 3D SU(2) model).
    """

    length: int
    width: int | None = None
    height: int | None = None
    spin: bool = False

    def _validate(self):
        check_size("length", self.length)
        if self.width is not None:
            check_size("width", self.width)
        if self.height is not None:
            check_size("height", self.height)

    @property
    def shape(self):
        return (self.length,
                self.length if self.width is None else self.width,
                self.length if self.height is None else self.height)
