"""Pauli matrices and the spin-dependent hopping and on-site matrices (units of t)."""

import numpy as np
import tinyarray as ta

__all__ = ["SIGMA_0", "SIGMA_X", "SIGMA_Y", "SIGMA_Z", "rashba_hopping",
           "zeeman_onsite", "su2_rotation"]

SIGMA_0 = ta.array([[1, 0], [0, 1]])
SIGMA_X = ta.array([[0, 1], [1, 0]])
SIGMA_Y = ta.array([[0, -1j], [1j, 0]])
SIGMA_Z = ta.array([[1, 0], [0, -1]])


def rashba_hopping(rashba, dx, dy):
    """Lattice Rashba term of the hopping from a site to its neighbour at (dx, dy).

    ``i rashba (dy sigma_x - dx sigma_y)``: the lattice version of
    ``alpha_R (sigma_x k_y - sigma_y k_x)`` with ``alpha_R = 2 rashba a``
    (docs/theory/spin_orbit.md#lattice-rashba-model).
    """
    return 1j * rashba * (dy * SIGMA_X - dx * SIGMA_Y)


def zeeman_onsite(zeeman, direction):
    """On-site Zeeman matrix ``(zeeman / 2) n.sigma``: ``zeeman`` is the full splitting."""
    nx, ny, nz = direction
    return 0.5 * zeeman * (nx * SIGMA_X + ny * SIGMA_Y + nz * SIGMA_Z)


def su2_rotation(angle, axis):
    """``exp(i angle axis.sigma)`` for a unit 3-vector ``axis``."""
    nx, ny, nz = axis
    return (np.cos(angle) * SIGMA_0
            + 1j * np.sin(angle) * (nx * SIGMA_X + ny * SIGMA_Y + nz * SIGMA_Z))
