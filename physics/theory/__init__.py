"""Closed-form results the simulations are compared with, by topic (docs/theory/).

Every function is also an attribute of `physics.theory` itself.
"""

from . import (clean, diffusive, interactions, random_matrix, spin_orbit,
               superconductivity, thermal)
from .clean import *  # noqa: F401,F403
from .diffusive import *  # noqa: F401,F403
from .interactions import *  # noqa: F401,F403
from .random_matrix import *  # noqa: F401,F403
from .spin_orbit import *  # noqa: F401,F403
from .superconductivity import *  # noqa: F401,F403
from .thermal import *  # noqa: F401,F403

__all__ = (["clean", "diffusive", "interactions", "random_matrix", "spin_orbit",
            "superconductivity", "thermal"]
           + clean.__all__ + diffusive.__all__ + interactions.__all__ + random_matrix.__all__
           + spin_orbit.__all__ + superconductivity.__all__ + thermal.__all__)
