"""Exact results for clean lattices, used to check the numerics.

Energies in t from the band bottom (on-site 4t, hopping -t, square lattice).
"""

import numpy as np

__all__ = ["hard_wall_subband_energies", "open_channels", "landau_level_energies"]


def hard_wall_subband_energies(width):
    """Bottoms of the subbands of a hard-wall lattice strip of ``width`` sites.

    ``E_n = 2t (1 - cos(n pi / (width + 1)))``, n = 1 .. width: the transverse
    standing waves of a tight-binding chain with zero boundary conditions.
    Each subband spans [E_n, E_n + 4t].
    """
    n = np.arange(1, width + 1)
    return 2.0 * (1 - np.cos(n * np.pi / (width + 1)))


def open_channels(energy, width):
    """Number of open channels of a clean hard-wall strip: subbands with E_n < E < E_n + 4t.

    Equal to the exact conductance (e^2/h) of a clean spinless wire whose leads
    have the same width.
    """
    bottoms = hard_wall_subband_energies(width)
    energy = np.asarray(energy, dtype=float)[..., np.newaxis]
    return np.sum((bottoms < energy) & (energy < bottoms + 4.0), axis=-1)


def landau_level_energies(phi, n_levels, lattice_correction=False):
    """Landau levels near the band bottom: ``E_n = hbar omega_c (n + 1/2)``.

    ``hbar omega_c = 4 pi t phi`` for flux ``phi`` per plaquette (h/e)
    (THEORY §10), valid for phi << 1 and low n.

    With ``lattice_correction``, adds the first-order effect of the quartic
    term of the cosine band, ``-t (k_x^4 + k_y^4) / 12``:
    ``-(hbar omega_c)^2 (2 n^2 + 2 n + 1) / (32 t)`` [D: <n|k_x^4|n> =
    3 (2n^2 + 2n + 1) / (4 l_m^4) with hbar omega_c = 2 t / l_m^2].
    """
    n = np.arange(n_levels)
    hbar_omega_c = 4 * np.pi * phi
    energies = hbar_omega_c * (n + 0.5)
    if lattice_correction:
        energies = energies - hbar_omega_c**2 * (2 * n**2 + 2 * n + 1) / 32
    return energies
