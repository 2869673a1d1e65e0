"""Transport physics on devices: conductance, S-matrix, wave functions, currents.

Units: energy in t from the band bottom, conductance in e^2/h (all modes Kwant
knows, so a spinful device counts both spins), resistance in h/e^2.

The subpackages follow the data flow device -> solver -> dataset -> analysis:

* `transport`: Landauer-Buttiker conductance (coherent, dephased, thermal), the
  Green's-function solvers, Buttiker probes, multi-terminal resistances, wave
  functions and currents;
* `ensembles`: disorder ensembles, their executors, the zarr store, provenance and
  configuration files;
* `analysis`: ensemble statistics and the fits;
* `theory`: the closed-form results the simulations are compared with;
* `localization`: transfer matrices, finite-size scaling, level statistics;
* `interactions`: closed samples: Hartree-Fock, screening, hopping, tunneling DOS;
* `linear_response`: closed samples of ~1e6 sites: the kernel polynomial method, the
  Kubo-Greenwood conductivity (DC and optical) and the Kubo Hall conductivity;
* `plotting`: figures of devices, currents and conductance curves.
"""

from .version import __version__

from .transport import (OBSERVABLES, conductance, conductance_matrix, conductance_on_grid,
                        current_density, current_divergence, density, four_terminal_resistance,
                        hall_resistances, hoppings, ldos, observables, open_modes,
                        scattering_states, smatrix, smeared_conductance,
                        transmission_eigenvalues)
from .ensembles import ensemble, local_dask_cluster, rerun
from . import (analysis, ensembles, interactions, linear_response, localization, plotting, theory,
               transport)

# The modules' names before the subpackages (0.1): kept as attributes of `physics`.
from .transport import dephasing, solvers, thermal
from .ensembles import config, provenance, store
from .analysis import fits as measurements, magnetotransport, statistics
from .localization import scaling, spectra
from .interactions import hartree_fock, hopping, screening, tunneling_dos

__all__ = ["__version__", "conductance", "conductance_matrix", "smatrix", "transmission_eigenvalues",
           "observables", "smeared_conductance", "conductance_on_grid", "open_modes", "four_terminal_resistance", "hall_resistances",
           "scattering_states", "ldos", "density", "current_density",
           "current_divergence", "hoppings", "ensemble", "rerun", "local_dask_cluster",
           "OBSERVABLES", "analysis", "ensembles", "interactions", "linear_response", "localization",
           "plotting",
           "theory", "transport"]
