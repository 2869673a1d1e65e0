"""User-defined devices get one Hamiltonian from every consumer of the model.

The consumers: Kwant's value functions (``hamiltonian_submatrix`` of the finalized
system), the fast solvers' assembly (``device.assembly``), closed samples
(``devices.ClosedSample``) and the bar slices of the transfer-matrix recursion
(``BarSlices.hamiltonian``).  Each user device below adds terms of its own through the
public hooks (``onsite``, ``hopping``, ``extra_parameters``, ``potential=``) on the
lattices and geometries users build.  The matrices are compared element by element
with every term switched on (`devices.assembly.structure_probe_params`); the
sensitivity test shows that a consumer which ignored the user's override would fail.
"""

import dataclasses

import numpy as np
import pytest
import scipy.linalg

import devices
import physics
from devices.assembly import HamiltonianAssembler, structure_probe_params
from devices.base import Device
from devices.slices import BarSlices
from physics import solvers


@dataclasses.dataclass(frozen=True)
class GatedWire(devices.Wire):
    """A gate barrier through the onsite hook, its height a new solve-time parameter."""

    extra_parameters = (devices.Parameter("gate", 0.5, lambda n, v: float(v), "barrier (t)"),)

    def onsite(self, sites, params):
        value = super().onsite(sites, params)
        if sites.lead is None:
            x = sites.positions[:, 0]
            barrier = params["gate"] * np.exp(-((x - self.length / 2) / 2) ** 2)
            value = value + (barrier[:, None, None] * np.eye(2) if self.spin else barrier)
        return value


@dataclasses.dataclass(frozen=True)
class AnisotropicWire(devices.Wire):
    """Transverse hoppings scaled by t_y (the same in every slice, so bar slices hold)."""

    extra_parameters = (devices.Parameter("t_y", 1.0, lambda n, v: float(v), "t_y / t",
                                          lead=True),)

    def hopping(self, bonds, params):
        value = super().hopping(bonds, params)
        across = np.abs(bonds.displacement[:, 1]) > 0.5
        scale = np.where(across, params["t_y"], 1.0)
        return value * (scale[:, None, None] if self.spin else scale)


@dataclasses.dataclass(frozen=True)
class StretchedWire(devices.Wire):
    """x-hoppings scaled by 0.8 in the scattering region: not a bar the recursion handles."""

    def hopping(self, bonds, params):
        value = super().hopping(bonds, params)
        if bonds.lead is None:
            value = value * np.where(np.abs(bonds.displacement[:, 0]) > 0.5, 0.8, 1.0)
        return value


def _dot_potential(x, y, depth=0.0):
    return -depth * np.exp(-((x - 12.0) ** 2 + (y - 8.0) ** 2) / 30.0)


def _flake_potential(x, y, bias=0.0):
    return bias * np.tanh(x / 4.0)


#: name -> (device, an energy with open channels in every lead)
USER_DEVICES = {
    "gated wire (onsite hook)": (GatedWire(width=5, length=12), 1.0),
    "gated spinful wire": (GatedWire(width=3, length=8, spin=True), 1.0),
    "anisotropic wire (hopping hook)": (AnisotropicWire(width=5, length=10), 1.0),
    "anisotropic spinful wire": (AnisotropicWire(width=3, length=6, spin=True), 1.0),
    "spinful ring with a hole, leads bottom and top, potential": (devices.ShapedDevice(
        devices.Polygon(devices.Polygon.rectangle(0, 0, 24, 16),
                        holes=[devices.Polygon.rectangle(9, 5, 15, 11)]),
        [devices.Lead("bottom", center=4.5, width=4), devices.Lead("top", center=19.5, width=4),
         devices.Lead("left")],
        spin=True, flux_cut=(12.5, 8.0), potential=_dot_potential), 1.5),
    "graphene flake, potential and smooth disorder": (devices.ShapedDevice(
        devices.Polygon.disk((0, 0), 8), [devices.Lead("left", center=0, width=4),
                                          devices.Lead("top", center=0, width=3)],
        lattice="honeycomb", potential=_flake_potential), 0.9),
    "cavity, leads on part of the end walls, potential (slice solvers)": (devices.ShapedDevice(
        devices.Polygon.rectangle(0, 0, 13, 9),
        [devices.Lead("left", center=2.5, width=4), devices.Lead("right", center=6.5, width=3)],
        potential=_dot_potential), 1.5),  # the right lead has 2 sites: open above E = 1 t
    "3D shape function": (devices.ShapedDevice(
        lambda pos: 0 <= pos[0] <= 5 and 0 <= pos[1] <= 3 and 0 <= pos[2] <= 2 + (pos[0] > 2),
        [devices.Lead("left"), devices.Lead("right")], lattice="cubic", start=(0, 0, 0)), 3.0),
}


def _matrices(device, params):
    """The Hamiltonian of the scattering region from every consumer that applies."""
    out = {"kwant": device.finalized.hamiltonian_submatrix(params=params),
           "assembly": device.assembly.matrix(params).toarray(),
           "closed": devices.ClosedSample(device).hamiltonian(**params).toarray()}
    if isinstance(device, devices.Bar):
        slices = BarSlices(device)
        kw = dict(disorder=params["disorder"], seed=params["seed"])
        if device.spin:
            kw["so_disorder"] = params["so_disorder"]
        reference = dict(params, **{k: v for k, v in device.solve_params().items()
                                    if k not in kw})  # the slices' own parameters, else defaults
        order = _slice_order(device, slices)
        out["slices"] = slices.hamiltonian(device.shape[0], **kw)
        out["slices reference"] = device.assembly.matrix(reference).toarray()[np.ix_(order, order)]
    return out


def _slice_system_matrix(device, energy, params):
    """``E - H - Sigma`` as the slice solvers build it (`SliceGreensSolver.slice_system`, the
    probe solver's input), and the same from the assembly and the sparse solver's lead
    self-energies, both in the slice solver's orbital order."""
    solver = solvers.SliceGreensSolver(device)
    blocks, couplings, _ = solver.slice_system(energy, params)
    n, m = solver.n_slices, solver.m
    ours = np.zeros((n * m, n * m), dtype=complex)
    for s in range(n):
        ours[s * m:(s + 1) * m, s * m:(s + 1) * m] = blocks[s]
    for s in range(n - 1):
        u = couplings[s]  # a diagonal (one orbital per site) or site blocks
        dense = np.diag(u) if u.ndim == 1 else scipy.linalg.block_diag(*u)
        ours[(s + 1) * m:(s + 2) * m, s * m:(s + 1) * m] = -dense  # -H[s+1, s]
        ours[s * m:(s + 1) * m, (s + 1) * m:(s + 2) * m] = -dense.conj().T
    reference = energy * np.eye(n * m) - device.assembly.matrix(params).toarray()
    sigmas = solvers.sparse_solver(device).leads(energy, params)[0]
    for orbitals, sigma in zip(solver.interfaces, sigmas):
        reference[np.ix_(orbitals, orbitals)] -= sigma
    order = np.argsort(solver.slice_of_orbital * m + solver.local_orbital)
    return ours, reference[np.ix_(order, order)]


def _slice_order(device, slices):
    index = {tuple(t): i for i, t in enumerate(device.assembly.tags.tolist())}
    sites = [index[(x, *c)] for x in range(device.shape[0]) for c in slices.cross_section.tolist()]
    n = device.norbs
    return (np.array(sites)[:, None] * n + np.arange(n)).ravel()


def _worst(matrices):
    """Largest difference between consumers (the slices against the assembly's slice order)."""
    m = dict(matrices)
    worst = {name: np.max(np.abs(m[name] - m["kwant"])) for name in ("assembly", "closed")}
    if "slices" in m:
        worst["slices"] = np.max(np.abs(m["slices"] - m["slices reference"]))
    return worst


def _all_terms_on(device):
    """`structure_probe_params` with the potential switched on as well: the probe leaves a
    potential's own parameters at their defaults (what is safe is the user's business, and
    these test potentials vanish at their defaults), so the test sets them here."""
    params = structure_probe_params(device)
    for k, name in enumerate(getattr(device, "potential_parameter_names", ())):
        params[name] = device.parameter_specs[name].default + 0.37 + 0.11 * k
    return params


@pytest.mark.parametrize("name", list(USER_DEVICES))
def test_every_consumer_builds_the_same_matrix(name):
    device, energy = USER_DEVICES[name]
    params = _all_terms_on(device)
    assert all(params[n] != 0 for n in getattr(device, "potential_parameter_names", ()))
    matrices = _matrices(device, params)
    assert np.max(np.abs(matrices["kwant"])) > 0
    for consumer, difference in _worst(matrices).items():
        assert difference < 1e-13, (consumer, difference)
    if solvers.SliceGreensSolver.applies(device):
        energy_params = dict(params, phi=0.013)
        ours, reference = _slice_system_matrix(device, energy, energy_params)
        assert np.max(np.abs(ours - reference)) < 1e-13
    # ... and the transport of every solver that applies agrees with Kwant's (at a field
    # with open channels: the probe's phi = 0.29 is deep in the Hofstadter regime).
    params = dict(params, phi=0.013, random_flux=0.2)
    transport = {}
    options = ["kwant", "sparse"] + (["slice"] if solvers.SliceGreensSolver.applies(device)
                                     else [])
    for solver in options:
        if device.n_leads == 2:
            transport[solver] = physics.conductance(device, energy, solver=solver, **params)
        else:
            transport[solver] = physics.conductance_matrix(device, energy, solver=solver, **params)
    for solver, value in transport.items():
        assert np.max(np.abs(value - transport["kwant"])) < 1e-10, solver
    # With Buttiker probes the two probe solvers (slice recursion + GMRES, exact
    # elimination) see the same device.
    if solvers.SliceGreensSolver.applies(device):
        from physics.transport import dephasing, slice_probes
        full = device.solve_params(**params)
        exact = dephasing.DephasingSolver(device).conductance_matrix(energy, full, 0.05)
        sliced = slice_probes.SliceDephasingSolver(device).conductance_matrix(energy, full, 0.05)
        assert np.max(np.abs(sliced - exact)) < 1e-10 * np.max(np.abs(exact))
    # Meaningful: g (~7e-4 for the gated spinful wire, whose gate nearly closes it) is
    # at least a million times the 1e-10 tolerance.
    assert np.max(np.abs(transport["kwant"])) > 1e-4


def test_the_transfer_matrix_slices_refuse_a_model_they_cannot_represent():
    with pytest.raises(devices.ModelMismatchError, match="bar slices"):
        BarSlices(StretchedWire(width=4, length=6))
    # The other consumers still agree on it.
    device = StretchedWire(width=4, length=6)
    params = structure_probe_params(device)
    assert np.max(np.abs(device.assembly.matrix(params).toarray()
                         - device.finalized.hamiltonian_submatrix(params=params))) < 1e-13


# --- sensitivity: a consumer that ignored the user's terms would be caught --------------

def _base_onsite(self, sites, params):
    return Device.onsite(self, sites, params)


PATCHES = {
    # (what the consumer would do wrong, how to make it do so)
    "assembly ignores the onsite hook": lambda mp: mp.setattr(
        HamiltonianAssembler, "onsite_values",
        lambda self, params: Device.onsite(self.device, self.sites, params)),
    "Kwant value functions ignore the onsite hook": lambda mp: mp.setattr(
        "devices.kwant_values._Table._evaluate", _kwant_table_with_base_onsite),
    "bar slices ignore the onsite hook": lambda mp: mp.setattr(
        BarSlices, "onsite", lambda self, start, count, disorder, seed: np.asarray(
            Device.onsite(self.device, self._slice_sites(start, count),
                          self.device.solve_params(disorder=disorder, seed=seed)),
            dtype=float).reshape(count, self.size)),
}


def _kwant_table_with_base_onsite(self, args):
    if self._arrays is None:
        self._build()
    sites, bonds = self._arrays
    params = self._params(args)
    return Device.onsite(self.device, sites, params), self.device.hopping(bonds, params)


@pytest.mark.parametrize("patch", list(PATCHES))
def test_a_consumer_that_ignores_the_users_terms_is_detected(patch, monkeypatch):
    device = GatedWire(width=4, length=10)  # a fresh device: nothing cached
    PATCHES[patch](monkeypatch)
    params = _all_terms_on(device)
    try:
        worst = _worst(_matrices(device, params))
    except devices.ModelMismatchError:
        return  # the slices' own check refused it: also detected
    assert max(worst.values()) > 1e-3, worst


def test_a_lead_term_with_an_undeclared_parameter_is_named():
    @dataclasses.dataclass(frozen=True)
    class Undeclared(AnisotropicWire):
        extra_parameters = (devices.Parameter("t_y", 1.0, lambda n, v: float(v), "t_y / t"),)

    with pytest.raises(Exception) as failure:
        physics.conductance(Undeclared(width=4, length=6), 1.0, solver="kwant", t_y=0.9)
    # Kwant reports a failing value function as UserCodeError, caused by our named KeyError.
    assert "reads parameter 't_y' in lead 0" in str(failure.value.__cause__)
    assert "lead=True" in str(failure.value.__cause__)


def _kwant_table_with_base_hopping(self, args):
    if self._arrays is None:
        self._build()
    sites, bonds = self._arrays
    params = self._params(args)
    return self.device.onsite(sites, params), Device.hopping(self.device, bonds, params)


@pytest.mark.parametrize("consumer", ["assembly", "kwant"])
def test_a_consumer_that_ignores_the_users_hopping_hook_is_detected(consumer, monkeypatch):
    device = AnisotropicWire(width=4, length=8)
    if consumer == "assembly":
        monkeypatch.setattr(HamiltonianAssembler, "hopping_values",
                            lambda self, params: Device.hopping(self.device, self.bonds, params))
    else:
        monkeypatch.setattr("devices.kwant_values._Table._evaluate",
                            _kwant_table_with_base_hopping)
    worst = _worst(_matrices(device, dict(_all_terms_on(device), t_y=0.7)))
    assert max(worst.values()) > 1e-3, worst
