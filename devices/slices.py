"""Slice-by-slice Hamiltonians of arbitrarily long bars, for transfer-matrix methods.

A MacKinnon-Kramer calculation needs bars of 10^4-10^5 slices, far beyond a
Kwant system.  `BarSlices` produces the on-site energies and hoppings of any
range of slices of the bar with the cross-section of a `Wire`, `Film` or
`Block` by evaluating the device's own model (`Device.onsite`,
`Device.hopping`) on those slices' sites, so a bar of the device's length is
exactly the device's scattering region.  Zero field; spinless (orthogonal
class) or spinful with random SU(2) hoppings (`so_disorder`, symplectic class).
"""

import itertools

import numpy as np

from .model import Bonds, Sites

__all__ = ["BarSlices"]


class BarSlices:
    """The slices x = 0, 1, 2, ... of an infinitely long disordered bar.

    Parameters
    ----------
    device : devices.Wire, devices.Film or devices.Block
        Supplies the cross-section, the lattice and the model.
    periodic : bool
        Periodic transverse boundary conditions (the usual choice for
        finite-size scaling, Lambda_c = 0.576 in 3D) instead of the device's
        hard walls.
    """

    def __init__(self, device, periodic=False):
        from .rectangular import Bar
        if not isinstance(device, Bar):
            raise TypeError("BarSlices needs a Wire, Film or Block")
        if device.potential is not None:
            raise ValueError("BarSlices continues the bar without end: a device with a "
                             "potential has none defined beyond its length")
        self.device = device
        self.spin = device.spin
        self.lattice = device.site_lattice
        _, *transverse = device.shape
        self.cross_section = np.array(list(itertools.product(*(range(n) for n in transverse))),
                                      dtype=np.int64)
        self.size = m = len(self.cross_section)
        self.band_offset = device.band_offset
        # Transverse nearest-neighbour bonds (hard walls, or wrapped when periodic).
        index = {tuple(t): i for i, t in enumerate(self.cross_section)}
        pairs = []
        for i, tag in enumerate(self.cross_section):
            for axis in range(len(tag)):
                neighbour = tag.copy()
                neighbour[axis] += 1
                if periodic and transverse[axis] > 2:
                    neighbour[axis] %= transverse[axis]
                j = index.get(tuple(neighbour))
                if j is not None:
                    pairs.append((i, j))
        self._pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        # The transverse hopping matrix of a clean slice (zero field): the model's value.
        slice_sites = self._slice_sites(0, 1)
        params = device.solve_params()
        hopping = np.zeros((m, m), dtype=complex)
        if len(self._pairs):
            values = device.hopping(self._transverse_bonds(slice_sites, 1), params)
            scalar = values if not self.spin else values[:, 0, 0]
            hopping[self._pairs[:, 0], self._pairs[:, 1]] = scalar
            hopping[self._pairs[:, 1], self._pairs[:, 0]] = np.conj(scalar)
        self.transverse_hopping = hopping.real if not np.any(hopping.imag) else hopping

    def _slice_sites(self, start, count):
        x = np.repeat(np.arange(start, start + count, dtype=np.int64), self.size)
        tags = np.column_stack([x, np.tile(self.cross_section, (count, 1))])
        return Sites(self.lattice, 0, tags)

    def _transverse_bonds(self, sites, count):
        """Bonds inside each slice, to = the first site of each pair (slice-major order)."""
        base = (np.arange(count) * self.size)[:, None]
        to = (base + self._pairs[:, 0]).ravel()
        frm = (base + self._pairs[:, 1]).ravel()
        return Bonds(_take(sites, to), _take(sites, frm))

    def onsite(self, start, count, disorder, seed):
        """On-site energies of slices start ... start+count-1, shape (count, size)."""
        params = self.device.solve_params(disorder=disorder, seed=seed)
        values = self.device.onsite(self._slice_sites(start, count), params)
        return np.asarray(values, dtype=float).reshape(count, self.size)

    def spin_blocks(self, start, count, disorder, seed, so_disorder):
        """Spinful slices: on-site blocks H_xx (count, 2m, 2m) and couplings V_x (count, m, 2, 2).

        The hopping from slice x+1 to slice x at each transverse site is
        ``H[x, x+1] = -V_x``, from the model's hoppings (random SU(2)
        rotations with ``so_disorder``).
        """
        if not self.spin:
            raise ValueError("spin_blocks needs a spinful device")
        device, m = self.device, self.size
        params = device.solve_params(disorder=disorder, seed=seed, so_disorder=so_disorder)
        sites = self._slice_sites(start, count + 1)
        onsite = device.onsite(_take(sites, np.arange(count * m)), params)
        blocks = np.zeros((count, m, 2, m, 2), dtype=complex)
        slots = np.arange(m)
        blocks[:, slots, :, slots, :] = onsite.reshape(count, m, 2, 2).transpose(1, 0, 2, 3)
        if len(self._pairs):
            transverse = device.hopping(self._transverse_bonds(sites, count), params)
            transverse = transverse.reshape(count, len(self._pairs), 2, 2)
            low, high = self._pairs[:, 0], self._pairs[:, 1]
            blocks[:, low, :, high, :] = transverse.transpose(1, 0, 2, 3)
            blocks[:, high, :, low, :] = transverse.conj().transpose(1, 0, 3, 2)
        here = np.arange(count * m)
        longitudinal = device.hopping(Bonds(_take(sites, here), _take(sites, here + m)), params)
        return blocks.reshape(count, 2 * m, 2 * m), -longitudinal.reshape(count, m, 2, 2)


def _take(sites, index):
    return Sites(sites.lattice, sites.sublattice[index], sites.tags[index],
                 positions=sites.positions[index])
