"""Linear response of large closed samples: the kernel polynomial method (`chebyshev`),
the Kubo-Greenwood conductivity, DC and optical (`kubo`), the density response and its
diffusion pole (`density_response`), the Kubo Hall conductivity from the Fermi
projector (`hall`), and the static susceptibility chi(r, s), the RKKY range function
(`rkky`).

Where `physics.transport` solves open devices between leads (Landauer-Buttiker), these
work on `devices.ClosedSample`: no contacts, sizes of ~1e6 sites in 2D, at a finite
energy resolution (docs/theory/kubo.md)."""

from . import chebyshev, density_response, hall, kubo, rkky
from .density_response import DensityCorrelation, density_correlation
from .hall import HallConductivity, hall_conductivity
from .kubo import KuboConductivity, kubo_greenwood, sample_operators, velocity_operator
from .rkky import static_susceptibility
