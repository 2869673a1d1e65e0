"""Device builders: disordered mesoscopic devices as Kwant systems.

Lattice units: a = 1, t = 1, energies measured from the band bottom.  Every
device builds its finalized Kwant system once (`Device.finalized`); disorder,
fields, spin-orbit and Zeeman terms are solve-time parameters
(`Device.parameters`).  `Units` converts from nm, meV, tesla and m*.
"""

from .base import Device, Parameter
from .closed import ClosedSample
from .hallbar import HallBar
from .rectangular import Block, Film, Wire
from .ring import Ring
from .units import Units

__all__ = ["Device", "Parameter", "Wire", "Film", "Block", "Ring", "HallBar", "Units", "ClosedSample"]
