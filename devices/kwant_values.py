"""Kwant value functions derived from a device's model (`Device.onsite`, `Device.hopping`).

Kwant calls a value function once per site or bond.  Here each call looks its
value up in one vectorized evaluation of the model over every site and bond of
the system (the scattering region, or one lead's unit cell and its hoppings),
repeated only when the parameters change.  A site or bond the table does not
know (a builder the user extended) is evaluated on its own, with the same
model.  So Kwant's Hamiltonian is the model's by construction.
"""

import inspect

import numpy as np

from .model import Bonds, Sites

__all__ = ["value_functions"]


def _with_signature(function, names):
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    function.__signature__ = inspect.Signature(
        [inspect.Parameter(name, kind) for name in names])
    return function


def value_functions(device, lead):
    """``(onsite, hopping)`` value functions for the scattering region (``lead=None``) or a lead.

    The lead functions take only the parameters marked ``lead=True``: a lead
    term that reads another parameter fails loudly (KeyError) instead of being
    cached on the wrong key.
    """
    specs = device.parameter_specs
    names = [n for n, s in specs.items() if lead is None or s.lead]
    table = _Table(device, lead, names)

    def onsite(site, *args):
        return table.onsite(site, args)

    def hopping(to_site, from_site, *args):
        return table.hopping(to_site, from_site, args)

    return (_with_signature(onsite, ["site"] + names),
            _with_signature(hopping, ["to_site", "from_site"] + names))


class _Table:
    def __init__(self, device, lead, names):
        self.device = device
        self.lead = lead
        self.names = names
        self._arrays = None
        self._args = None
        self._values = None

    def _build(self):
        device, lattice = self.device, self.device.site_lattice
        if self.lead is None:
            assembly = device.assembly
            sites, bonds = assembly.sites, assembly.bonds
            site_list = list(device.finalized.sites)
            pairs = [(site_list[i], site_list[j])
                     for i, j in zip(assembly.to_index, assembly.from_index)]
        else:
            system = device.finalized.leads[self.lead]
            symmetry = system.symmetry
            site_list = [symmetry.to_fd(site) for site in system.sites[:system.cell_size]]
            pairs = []
            for i in range(system.graph.num_nodes):
                for j in system.graph.out_neighbors(i):
                    pair = symmetry.to_fd(system.sites[i], system.sites[j])
                    pairs.append(pair)
            sites = Sites.from_kwant(lattice, site_list, lead=self.lead)
            bonds = _bonds(lattice, pairs, self.lead)
        self.site_index = {site: k for k, site in enumerate(site_list)}
        self.bond_index = {pair: k for k, pair in enumerate(pairs)}
        self._arrays = (sites, bonds)

    def _params(self, args):
        return dict(zip(self.names, args))

    def _evaluate(self, args):
        if self._arrays is None:
            self._build()
        if self._args != args:
            sites, bonds = self._arrays
            params = self._params(args)
            try:
                self._values = (self.device.onsite(sites, params),
                                self.device.hopping(bonds, params))
            except KeyError as error:
                if self.lead is None or error.args[0] not in self.device.parameter_specs:
                    raise
                raise KeyError(
                    f"{type(self.device).__name__}: its onsite/hopping reads parameter "
                    f"{error.args[0]!r} in lead {self.lead}; lead terms get only the parameters "
                    f"declared Parameter(..., lead=True) (lead self-energies are cached on them)"
                ) from None
            self._args = args
        return self._values

    def onsite(self, site, args):
        values = self._evaluate(args)[0]
        k = self.site_index.get(site)
        if k is not None:
            return values[k]
        single = Sites.from_kwant(self.device.site_lattice, [site], lead=self.lead)
        return self.device.onsite(single, self._params(args))[0]

    def hopping(self, to_site, from_site, args):
        values = self._evaluate(args)[1]
        k = self.bond_index.get((to_site, from_site))
        if k is not None:
            return values[k]
        k = self.bond_index.get((from_site, to_site))
        if k is not None:
            value = values[k]
            return np.conj(value) if np.ndim(value) == 0 else value.conj().T
        single = _bonds(self.device.site_lattice, [(to_site, from_site)], self.lead)
        return self.device.hopping(single, self._params(args))[0]


def _bonds(lattice, pairs, lead):
    to = Sites.from_kwant(lattice, [a for a, _ in pairs], lead=lead)
    frm = Sites.from_kwant(lattice, [b for _, b in pairs], lead=lead)
    return Bonds(to, frm)
