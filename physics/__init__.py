"""Transport physics on devices: conductance, S-matrix, wave functions, currents.

Units: energy in t from the band bottom, conductance in e^2/h (all modes Kwant
knows, so a spinful device counts both spins), resistance in h/e^2.

Beyond phase-coherent transport: `dephasing` (Buttiker probes, L_phi(T)),
`thermal` (Fermi-window averages, thermoelectric coefficients),
`magnetotransport` and `spin_orbit_localization` (field geometry, Hall slope,
HLN/ILP), `scaling` and `spectra` (transfer matrices, level statistics,
Thouless energy), and on closed samples `hartree_fock`, `tunneling_dos`,
`screening` and `hopping`.
"""

from .multiterminal import four_terminal_resistance, hall_resistances
from .transport import (conductance, conductance_matrix, open_modes, smatrix,
                        transmission_eigenvalues)
from .wavefunctions import (current_density, current_divergence, density, hoppings,
                            ldos, scattering_states)
from . import plotting, theory

__all__ = ["conductance", "conductance_matrix", "smatrix", "transmission_eigenvalues",
           "open_modes", "four_terminal_resistance", "hall_resistances",
           "scattering_states", "ldos", "density", "current_density",
           "current_divergence", "hoppings", "plotting", "theory"]
from .ensembles import OBSERVABLES, ensemble, local_dask_cluster, rerun
from . import config, measurements, statistics, store

__all__ += ["ensemble", "rerun", "local_dask_cluster", "OBSERVABLES", "config", "measurements",
            "statistics", "store"]

from . import dephasing, magnetotransport, scaling, spectra, spin_orbit_localization, thermal

__all__ += ["dephasing", "magnetotransport", "scaling", "spectra", "spin_orbit_localization",
            "thermal"]

# Interactions and strong localization (closed samples).
from . import hartree_fock, hopping, screening, tunneling_dos

__all__ += ["hartree_fock", "hopping", "screening", "tunneling_dos"]
