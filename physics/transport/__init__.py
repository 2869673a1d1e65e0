"""Transport through open devices: the Landauer-Buttiker dispatcher, the fast
Green's-function solvers, Buttiker dephasing probes, Fermi-window (thermal)
averages, multi-terminal resistances and scattering wave functions."""

from .landauer import (OBSERVABLES, conductance, conductance_matrix, conductance_on_grid,
                       observables, open_modes, smatrix, smeared_conductance,
                       transmission_eigenvalues)
from .multiterminal import four_terminal_resistance, hall_resistances
from .wavefunctions import (current_density, current_divergence, density, hoppings, ldos,
                            scattering_states)
from . import dephasing, mumps, solvers, system, thermal
