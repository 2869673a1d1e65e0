"""Interaction physics on closed samples: Hartree-Fock, screening, variable-range
hopping, the tunneling density of states and the s-wave BdG mean field
(`superconductivity`), with one Coulomb matrix (`coulomb`) and one Anderson mixing
(`mixing`); Friedel oscillations around a point scatterer in `green_functions`.

The closed-form theory they are compared with is in `physics.theory.interactions`,
the fits to their results in `physics.analysis.interaction_fits`."""

from . import (coulomb, green_functions, hartree_fock, hopping, mixing, screening,
               superconductivity, tunneling_dos)
