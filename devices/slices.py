"""Slice-by-slice Hamiltonians of arbitrarily long bars, for transfer-matrix methods.

A MacKinnon-Kramer calculation needs bars of 10^4-10^5 slices, far beyond a
Kwant system.  `BarSlices` produces the on-site disorder of any range of
slices of the bar with the cross-section of a `Wire`, `Film` or `Block`,
with the same hash of (seed, site tag) as the Kwant device (so a bar of the
device's length is exactly the device's scattering region), and the fixed
transverse hopping matrix.  Zero field; spinless (orthogonal class) or
spinful with random SU(2) hoppings (`so_disorder`, symplectic class).
"""

import itertools

import numpy as np

from . import random_fields

__all__ = ["BarSlices"]


class BarSlices:
    """The slices x = 0, 1, 2, ... of an infinitely long disordered bar.

    Parameters
    ----------
    device : devices.Wire, devices.Film or devices.Block
        Supplies the cross-section, the dimension and the band offset.
        Spinless devices only.
    periodic : bool
        Periodic transverse boundary conditions (the usual choice for
        finite-size scaling, Lambda_c = 0.576 in 3D) instead of the device's
        hard walls.
    """

    def __init__(self, device, periodic=False):
        from .rectangular import _TwoTerminalBar
        if not isinstance(device, _TwoTerminalBar):
            raise TypeError("BarSlices needs a Wire, Film or Block")
        self.spin = device.spin
        _, *transverse = device.shape
        self.cross_section = np.array(list(itertools.product(*(range(n) for n in transverse))),
                                      dtype=np.int64)
        self.size = len(self.cross_section)
        self.band_offset = device.band_offset
        # Transverse nearest-neighbour hopping -t with hard walls.
        index = {tuple(t): i for i, t in enumerate(self.cross_section)}
        hopping = np.zeros((self.size, self.size))
        for i, tag in enumerate(self.cross_section):
            for axis in range(len(tag)):
                neighbour = tag.copy()
                neighbour[axis] += 1
                if periodic and transverse[axis] > 2:
                    neighbour[axis] %= transverse[axis]
                j = index.get(tuple(neighbour))
                if j is not None:
                    hopping[i, j] = hopping[j, i] = -1.0
        self.transverse_hopping = hopping
        # Transverse bonds as (lower, higher) by tag, the canonical order of the hash.
        lower, upper = np.nonzero(np.triu(hopping))
        swap = np.array([tuple(self.cross_section[a]) > tuple(self.cross_section[b])
                         for a, b in zip(lower, upper)], dtype=bool)
        self.bond_low = np.where(swap, upper, lower)
        self.bond_high = np.where(swap, lower, upper)

    def onsite(self, start, count, disorder, seed):
        """On-site energies of slices start ... start+count-1, shape (count, size)."""
        x = np.repeat(np.arange(start, start + count, dtype=np.int64), self.size)
        tags = np.column_stack([x, np.tile(self.cross_section, (count, 1))])
        u = random_fields.hash_uniform(seed, "onsite", tags).reshape(count, self.size)
        return self.band_offset + disorder * (u - 0.5)

    def spin_blocks(self, start, count, disorder, seed, so_disorder):
        """Spinful slices: on-site blocks H_xx (count, 2m, 2m) and couplings V_x (count, m, 2, 2).

        The hopping from slice x+1 to slice x at each transverse site is
        ``H[x, x+1] = -V_x``; random SU(2) hoppings exp(i s theta n.sigma) as in
        `devices.Device` (same hash keys, same orientation convention).
        """
        from .random_fields import haar_su2
        from .spin import SIGMA_X, SIGMA_Y, SIGMA_Z
        pauli = np.array([np.asarray(p, dtype=complex) for p in (SIGMA_X, SIGMA_Y, SIGMA_Z)])
        m = self.size

        def rotations(keys):
            angles, axes = haar_su2(seed, keys)
            angle = so_disorder * angles
            return (np.cos(angle)[:, None, None] * np.eye(2)
                    + 1j * np.sin(angle)[:, None, None] * np.einsum("bk,kij->bij", axes, pauli))

        xs = np.arange(start, start + count, dtype=np.int64)
        low, high = self.cross_section[self.bond_low], self.cross_section[self.bond_high]
        n_bonds = len(low)
        keys = np.column_stack([np.repeat(xs, n_bonds), np.tile(low, (count, 1)),
                                np.repeat(xs, n_bonds), np.tile(high, (count, 1))])
        transverse = rotations(keys).reshape(count, n_bonds, 2, 2)
        keys = np.column_stack([np.repeat(xs, m), np.tile(self.cross_section, (count, 1)),
                                np.repeat(xs + 1, m), np.tile(self.cross_section, (count, 1))])
        longitudinal = rotations(keys).reshape(count, m, 2, 2)
        onsite = self.onsite(start, count, disorder, seed)
        blocks = np.zeros((count, m, 2, m, 2), dtype=complex)
        sites = np.arange(m)
        blocks[:, sites, :, sites, :] = (onsite.T[:, :, None, None] * np.eye(2))
        blocks[:, self.bond_low, :, self.bond_high, :] = -transverse.transpose(1, 0, 2, 3)
        blocks[:, self.bond_high, :, self.bond_low, :] = (
            -transverse.conj().transpose(1, 0, 3, 2))
        return blocks.reshape(count, 2 * m, 2 * m), longitudinal
