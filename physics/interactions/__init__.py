"""Interaction physics on closed samples: Hartree-Fock, screening, variable-range
hopping and the tunneling density of states, with one Coulomb matrix (`coulomb`);
Friedel oscillations around a point scatterer in `green_functions`.

The closed-form theory they are compared with is in `physics.theory.interactions`,
the fits to their results in `physics.analysis.interaction_fits`."""

from . import coulomb, green_functions, hartree_fock, hopping, screening, tunneling_dos
