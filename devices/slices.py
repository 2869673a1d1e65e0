"""Slice-by-slice Hamiltonians of arbitrarily long bars, for transfer-matrix methods.

A MacKinnon-Kramer calculation needs bars of 10^4-10^5 slices, far beyond a
Kwant system.  `BarSlices` produces the on-site energies and hoppings of any
range of slices of the bar with the cross-section of a `Wire`, `Film` or
`Block` by evaluating the device's own model (`Device.onsite`,
`Device.hopping`) on those slices' sites, so a bar of the device's length is
exactly the device's scattering region.  Zero field; spinless (orthogonal
class) or spinful with random SU(2) hoppings (`so_disorder`, symplectic class).

The transfer-matrix recursion (`physics.scaling`) takes the hoppings of a
spinless bar to be the same in every slice and -t between slices.  When it is
built, `BarSlices` checks that the device's model says so on the device's own
length (`hamiltonian` against `Device.assembly`): a subclass whose `hopping`
differs (an x-hopping other than -t, a transverse hopping that varies along x)
is refused with `devices.ModelMismatchError` instead of silently getting the
built-in model.
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
        self._pairs = self._transverse_pairs(transverse, periodic)
        self.transverse_hopping = self._transverse_matrix(self._pairs)
        # The device itself has hard walls: the model check compares with those.
        self._hard_wall_pairs = self._transverse_pairs(transverse, False)
        self._hard_wall_hopping = (self._transverse_matrix(self._hard_wall_pairs)
                                   if periodic else self.transverse_hopping)
        self._check_model()

    def _transverse_pairs(self, transverse, periodic):
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
        return np.array(pairs, dtype=np.int64).reshape(-1, 2)

    def _transverse_matrix(self, pairs):
        """The model's transverse hopping of a clean slice at zero field, for bonds ``pairs``."""
        m = self.size
        hopping = np.zeros((m, m), dtype=complex)
        if len(pairs):
            bonds = Bonds(_take(self._slice_sites(0, 1), pairs[:, 0]),
                          _take(self._slice_sites(0, 1), pairs[:, 1]))
            values = self.device.hopping(bonds, self.device.solve_params())
            scalar = values if not self.spin else values[:, 0, 0]
            hopping[pairs[:, 0], pairs[:, 1]] = scalar
            hopping[pairs[:, 1], pairs[:, 0]] = np.conj(scalar)
        return hopping.real if not np.any(hopping.imag) else hopping

    def _check_model(self):
        """The slices' Hamiltonian of the device's length equals the device's own (1e-12)."""
        from .base import ModelMismatchError
        device = self.device
        params = dict(disorder=0.37, seed=7) if not self.spin else \
            dict(disorder=0.37, seed=7, so_disorder=0.3)
        mine = self.hamiltonian(device.shape[0], **params, _hard_walls=True)
        assembly = device.assembly
        # The device's sites in slice order (x, then the cross-section's order).
        index = {tuple(t): i for i, t in enumerate(assembly.tags.tolist())}
        order = [index[(x, *tuple(c))] for x in range(device.shape[0])
                 for c in self.cross_section.tolist()]
        n = device.norbs
        orbitals = (np.array(order)[:, None] * n + np.arange(n)).ravel()
        reference = assembly.matrix(device.solve_params(**params)).toarray()
        reference = reference[np.ix_(orbitals, orbitals)]
        difference = np.max(np.abs(mine - reference))
        if not difference <= 1e-12 * max(1.0, np.max(np.abs(reference))):
            raise ModelMismatchError(
                f"{type(device).__name__}: the bar slices' Hamiltonian differs from the device's "
                f"model by {difference:.3g} t; the transfer-matrix recursion assumes the same "
                "hoppings in every slice and -t between slices (spinless), which this "
                "device's hopping() does not give")

    def hamiltonian(self, count, disorder, seed, so_disorder=0.0, _hard_walls=False):
        """The Hamiltonian of slices 0 .. count-1 as the transfer-matrix recursion uses it.

        Dense, in slice order (x, then `cross_section`), orbitals innermost:
        the on-site slices, `transverse_hopping` in every slice, and between
        slices ``-t`` (spinless) or ``-V_x`` (spinful, `spin_blocks`).
        """
        m, n = self.size, 2 if self.spin else 1
        size = count * m * n
        h = np.zeros((size, size), dtype=complex)
        if self.spin:
            blocks, couplings = self.spin_blocks(
                0, count, disorder, seed, so_disorder,
                _pairs=self._hard_wall_pairs if _hard_walls else None)
        else:
            onsite = self.onsite(0, count, disorder, seed)
            transverse = self._hard_wall_hopping if _hard_walls else self.transverse_hopping
            blocks = onsite[:, :, None] * np.eye(m)[None] + transverse
            couplings = np.ones((count, m, 1, 1))  # V = 1: H[x, x+1] = -t
        width = m * n
        for x in range(count):
            h[x * width:(x + 1) * width, x * width:(x + 1) * width] = blocks[x]
            if x + 1 < count:
                coupling = np.zeros((width, width), dtype=complex)
                for site in range(m):
                    coupling[site * n:(site + 1) * n, site * n:(site + 1) * n] = -couplings[x][site]
                # H[x, x+1] = -V_x (spin_blocks' convention), H[x+1, x] its conjugate transpose.
                h[x * width:(x + 1) * width, (x + 1) * width:(x + 2) * width] = coupling
                h[(x + 1) * width:(x + 2) * width, x * width:(x + 1) * width] = coupling.conj().T
        return h

    def _slice_sites(self, start, count):
        x = np.repeat(np.arange(start, start + count, dtype=np.int64), self.size)
        tags = np.column_stack([x, np.tile(self.cross_section, (count, 1))])
        return Sites(self.lattice, 0, tags)

    def _transverse_bonds(self, sites, count, pairs):
        """Bonds inside each slice, to = the first site of each pair (slice-major order)."""
        base = (np.arange(count) * self.size)[:, None]
        to = (base + pairs[:, 0]).ravel()
        frm = (base + pairs[:, 1]).ravel()
        return Bonds(_take(sites, to), _take(sites, frm))

    def onsite(self, start, count, disorder, seed):
        """On-site energies of slices start ... start+count-1, shape (count, size)."""
        params = self.device.solve_params(disorder=disorder, seed=seed)
        values = self.device.onsite(self._slice_sites(start, count), params)
        return np.asarray(values, dtype=float).reshape(count, self.size)

    def spin_blocks(self, start, count, disorder, seed, so_disorder, _pairs=None):
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
        pairs = self._pairs if _pairs is None else _pairs
        if len(pairs):
            transverse = device.hopping(self._transverse_bonds(sites, count, pairs), params)
            transverse = transverse.reshape(count, len(pairs), 2, 2)
            low, high = pairs[:, 0], pairs[:, 1]
            blocks[:, low, :, high, :] = transverse.transpose(1, 0, 2, 3)
            blocks[:, high, :, low, :] = transverse.conj().transpose(1, 0, 3, 2)
        here = np.arange(count * m)
        longitudinal = device.hopping(Bonds(_take(sites, here), _take(sites, here + m)), params)
        return blocks.reshape(count, 2 * m, 2 * m), -longitudinal.reshape(count, m, 2, 2)


def _take(sites, index):
    return Sites(sites.lattice, sites.sublattice[index], sites.tags[index],
                 positions=sites.positions[index])
