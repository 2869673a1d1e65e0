"""Slice-by-slice Hamiltonians of arbitrarily long bars, for transfer-matrix methods.

A MacKinnon-Kramer calculation needs bars of 10^4-10^5 slices, far beyond a
Kwant system.  `BarSlices` produces the on-site disorder of any range of
slices of the bar with the cross-section of a `Wire`, `Film` or `Block`,
with the same hash of (seed, site tag) as the Kwant device (so a bar of the
device's length is exactly the device's scattering region), and the fixed
transverse hopping matrix.  Spinless, zero field (the orthogonal class).
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
        if device.spin:
            raise ValueError("BarSlices supports spinless devices only")
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

    def onsite(self, start, count, disorder, seed):
        """On-site energies of slices start ... start+count-1, shape (count, size)."""
        x = np.repeat(np.arange(start, start + count, dtype=np.int64), self.size)
        tags = np.column_stack([x, np.tile(self.cross_section, (count, 1))])
        u = random_fields.hash_uniform(seed, "onsite", tags).reshape(count, self.size)
        return self.band_offset + disorder * (u - 0.5)
