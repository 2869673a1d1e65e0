"""Device builders: disordered mesoscopic devices as Kwant systems.

Lattice units: a = 1, t = 1; energies from the band bottom (square, cubic) or
from the Dirac point (honeycomb).  Every device builds its finalized Kwant
system once (`Device.finalized`); disorder, fields, spin-orbit, Zeeman terms
and the potential's parameters are solve-time parameters
(`Device.parameters`).  The Hamiltonian is defined once per device
(`Device.onsite`, `Device.hopping`); every solver evaluates it.

* Built-in devices: `Wire`, `Film`, `Block`, `Ring`, `HallBar`.
* Your own geometry: `ShapedDevice` with a `Polygon` (or a shape function) and
  `Lead` s on any side, on the square, cubic or honeycomb lattice.
* Your own Kwant system: `from_kwant`; a lithography layout (GDSII/OASIS) with
  surface gates: `from_layout` (`devices.gates`).
* `Units` converts from nm, meV, tesla and m*; `ClosedSample` removes the leads.
"""

from .base import Device, ModelMismatchError, Parameter
from .closed import ClosedSample
from .geometry import Lead, Polygon
from .hallbar import HallBar
from .kwant_device import KwantDevice, from_kwant
from .layout import LayoutDevice, from_layout
from .lattices import Lattice
from .rectangular import Bar, Block, Film, Wire
from .ring import Ring
from .shaped import ShapedDevice, graphene_ribbon
from .units import Units
from .validation import RegimeWarning

#: The ready-made devices by name (configuration files and the command line pick from these).
BUILT_IN = {cls.__name__: cls for cls in (Wire, Film, Block, Ring, HallBar)}

__all__ = ["Device", "Parameter", "ModelMismatchError", "Wire", "Film", "Block", "Bar", "Ring",
           "HallBar", "ShapedDevice", "Polygon", "Lead", "Lattice", "Units", "ClosedSample",
           "from_kwant", "KwantDevice", "from_layout", "LayoutDevice", "graphene_ribbon", "BUILT_IN", "RegimeWarning"]
