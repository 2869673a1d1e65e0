"""Public geometry (ShapedDevice), lattices (honeycomb), potentials and the model check."""

import contextlib
import dataclasses

import numpy as np
import pytest

import devices
import physics
from devices.assembly import HamiltonianAssembler
from physics import solvers

S3 = np.sqrt(3.0)
DISORDER = dict(disorder=1.2, seed=4, phi=0.013, random_flux=0.2)


def _t_junction(**kwargs):
    outline = [(0, 0), (40, 0), (40, 10), (25, 10), (25, 30), (15, 30), (15, 10), (0, 10)]
    return devices.ShapedDevice(devices.Polygon(outline),
                                [devices.Lead("left"), devices.Lead("right"), devices.Lead("top")],
                                **kwargs)


def test_rectangle_equals_wire_bit_for_bit():
    wire = devices.Wire(width=9, length=17)
    shaped = devices.ShapedDevice(devices.Polygon.rectangle(0, 0, 16, 8),
                                  [devices.Lead("left"), devices.Lead("right")])
    assert [s.tag for s in shaped.finalized.sites] == [s.tag for s in wire.finalized.sites]
    assert isinstance(solvers.solver_for(shaped), solvers.SliceGreensSolver)
    for solver in ("auto", "kwant"):
        assert physics.conductance(shaped, 1.1, solver=solver, **DISORDER) == \
            physics.conductance(wire, 1.1, solver=solver, **DISORDER)


def test_t_junction_conserves_current_and_matches_kwant():
    junction = _t_junction()
    assert junction.n_leads == 3
    fast = physics.conductance_matrix(junction, 1.0, **DISORDER)
    kwant_matrix = physics.conductance_matrix(junction, 1.0, solver="kwant", **DISORDER)
    assert np.max(np.abs(fast - kwant_matrix)) < 1e-10
    assert np.max(np.abs(fast.sum(axis=0))) < 1e-10 and np.max(np.abs(fast.sum(axis=1))) < 1e-10
    # Onsager: G(B) = G(-B)^T for the conductance matrix of one realization.
    reverse = physics.conductance_matrix(junction, 1.0, **dict(DISORDER, phi=-0.013,
                                                                 random_flux=0.0))
    forward = physics.conductance_matrix(junction, 1.0, **dict(DISORDER, random_flux=0.0))
    assert np.max(np.abs(forward - reverse.T)) < 1e-10
    assert np.max(np.abs(forward - forward.T)) > 1e-3  # the field breaks the symmetry


def test_leads_on_any_side_with_position_and_width():
    square = devices.Polygon.rectangle(0, 0, 30, 30)
    # N rows centred on `center` need width N (rows with |v - center| < width / 2).
    device = devices.ShapedDevice(square, [devices.Lead("left", center=8.5, width=6),
                                           devices.Lead("bottom", center=20.5, width=4),
                                           devices.Lead((1, 0), center=25, width=3)])
    cells = [lead.cell_tags for lead in device.geometry.leads]
    assert sorted(cells[0][:, 1]) == [6, 7, 8, 9, 10, 11] and set(cells[0][:, 0]) == {-1}
    assert sorted(cells[1][:, 0]) == [19, 20, 21, 22] and set(cells[1][:, 1]) == {-1}
    assert set(cells[2][:, 1]) == {24, 25, 26} and set(cells[2][:, 0]) == {31}
    g = physics.conductance_matrix(device, 1.0, phi=0.01)
    assert np.allclose(g, physics.conductance_matrix(device, 1.0, phi=0.01, solver="kwant"),
                       atol=1e-10)


def test_ring_from_a_polygon_with_a_hole_is_flux_periodic():
    outer = devices.Polygon.disk((0, 0), 14)
    inner = devices.Polygon.disk((0, 0), 8)
    ring = devices.ShapedDevice(devices.Polygon(outer, holes=[inner]),
                                [devices.Lead("left", center=0, width=5),
                                 devices.Lead("right", center=0, width=5)],
                                flux_cut=(0.5, 0.0))
    params = dict(disorder=0.5, seed=1)
    g = [physics.conductance(ring, 1.0, flux=f, **params) for f in (0.0, 0.3, 1.3, -0.7)]
    assert abs(g[1] - g[2]) < 1e-9 and abs(g[1] - g[3]) < 1e-9
    assert abs(g[0] - g[1]) > 1e-3
    assert abs(physics.conductance(ring, 1.0, flux=0.3, solver="kwant", **params) - g[1]) < 1e-10


@pytest.mark.parametrize("n, kind", [(4, "zigzag"), (7, "zigzag"), (5, "armchair"),
                                     (6, "armchair"), (8, "armchair")])
def test_clean_graphene_ribbons_have_the_analytic_number_of_channels(n, kind):
    """g = number of open channels from the ribbon's own band structure (Kwant-free).

    Armchair (N dimer lines): E_p(k) = |1 + 2 cos(p pi/(N+1)) e^{ik}|, one channel per
    subband p whose range [|1 + 2c_p|, 1 + 2|c_p|] contains E.  Zigzag (N chains): at
    fixed k the ribbon is an open chain of 2N sites with hoppings 2cos(k/2), 1, ...,
    2cos(k/2); channels = crossings of E by its bands over the zone / 2.
    """
    ribbon = devices.graphene_ribbon(kind, n, 7)
    for energy in (0.05, 0.3, 0.7, 1.2, 1.9, 2.6):
        if kind == "armchair":
            c = np.cos(np.arange(1, n + 1) * np.pi / (n + 1))
            expected = int(np.sum((np.abs(1 + 2 * c) < energy) & (energy < 1 + 2 * np.abs(c))))
        else:
            expected = _zigzag_channels(n, energy)
        with (pytest.warns(devices.RegimeWarning, match="no open channel") if expected == 0
              else contextlib.nullcontext()):
            assert physics.conductance(ribbon, energy) == pytest.approx(expected, abs=1e-8), energy
    if kind == "armchair" and n == 6:
        with pytest.warns(devices.RegimeWarning, match="in a gap of its bands"):
            assert physics.conductance(ribbon, 0.05) < 1e-8  # N = 3m: semiconducting


def _zigzag_channels(n, energy, points=4001):
    crossings = 0
    previous = None
    for k in np.linspace(-np.pi, np.pi, points):
        g = 2 * np.cos(k / 2)
        hops = np.where(np.arange(2 * n - 1) % 2 == 0, g, 1.0)
        h = np.diag(-hops, 1) + np.diag(-hops, -1)
        side = np.sign(np.linalg.eigvalsh(h) - energy)
        if previous is not None:
            crossings += int(np.sum(side != previous))
        previous = side
    return crossings // 2


def test_graphene_flake_onsager_gauge_and_kwant_agree():
    flake = devices.ShapedDevice(devices.Polygon.disk((0, 0), 9),
                                 [devices.Lead("left", center=0, width=5),
                                  devices.Lead("right", center=0, width=5),
                                  devices.Lead("top", center=0, width=4)], lattice="honeycomb")
    params = dict(disorder=0.8, seed=3, phi=0.02)   # at E = 0.6 t every lead is open
    forward = physics.conductance_matrix(flake, 0.6, **params)
    reverse = physics.conductance_matrix(flake, 0.6, **dict(params, phi=-0.02))
    assert np.max(np.abs(forward - reverse.T)) < 1e-10
    assert np.max(np.abs(forward - physics.conductance_matrix(flake, 0.6, solver="kwant",
                                                              **params))) < 1e-10

    @dataclasses.dataclass(frozen=True)
    class SymmetricGauge(devices.ShapedDevice):
        def gauge(self, sites):
            # A = B(-y/2, x/2) in the middle of the flake; the leads' interface sites (at
            # r ~ 9) keep their gauge: any lattice function is an exact gauge change there.
            x, y = sites.positions.T
            inner = np.hypot(x, y) < 6
            return super().gauge(sites) + np.where(inner, 0.5 * x * y, 0.0)

    other = SymmetricGauge(flake.shape, flake.leads, lattice="honeycomb")
    assert np.max(np.abs(physics.conductance_matrix(other, 0.6, **params) - forward)) < 1e-9


def test_smooth_disorder_is_a_function_of_seed_and_position():
    big = devices.Wire(width=30, length=40)
    small = devices.ShapedDevice(devices.Polygon.rectangle(5, 5, 14, 14),
                                 [devices.Lead("left"), devices.Lead("right")])
    params = dict(smooth_disorder=0.7, correlation_length=3.0, impurity_density=0.05, seed=9)
    v_big = big.assembly.onsite_values(big.solve_params(**params))
    v_small = small.assembly.onsite_values(small.solve_params(**params))
    index = {tuple(t): i for i, t in enumerate(big.assembly.tags)}
    picked = np.array([v_big[index[tuple(t)]] for t in small.assembly.tags])
    assert np.array_equal(picked, v_small)
    assert np.std(v_big) > 0.05
    # Correlated over xi: neighbours differ much less than distant sites.
    field = (v_big - 4.0).reshape(40, 30)
    near = np.mean((field[1:] - field[:-1]) ** 2)
    far = np.mean((field[20:] - field[:-20]) ** 2)
    assert near < 0.2 * far
    other_seed = big.assembly.onsite_values(big.solve_params(**dict(params, seed=10)))
    assert not np.allclose(other_seed, v_big)


def _barrier(x, y, v_gate=0.0, center=10.0):
    return v_gate * np.exp(-0.5 * ((x - center) / 2.0) ** 2)


def test_potential_parameters_are_solve_time_parameters():
    device = devices.ShapedDevice(devices.Polygon.rectangle(0, 0, 20, 9),
                                  [devices.Lead("left"), devices.Lead("right")],
                                  potential=_barrier)
    assert device.parameters["v_gate"] == 0.0 and device.parameters["center"] == 10.0
    g = [physics.conductance(device, 1.0, v_gate=v) for v in (0.0, 0.6, 1.5)]
    assert g[0] == pytest.approx(physics.open_modes(device, 1.0), abs=1e-9)
    assert g[0] > g[1] > g[2]
    assert physics.conductance(device, 1.0, v_gate=0.6, solver="kwant") == \
        pytest.approx(g[1], abs=1e-10)
    # The same potential on a built-in device, and as an array over the sites.
    wire = devices.Wire(width=10, length=21, potential=_barrier)
    assert physics.conductance(wire, 1.0, v_gate=0.6) == pytest.approx(g[1], abs=1e-10)
    values = _barrier(*wire.site_positions.T, v_gate=0.6)
    fixed = devices.Wire(width=10, length=21, potential=values)
    assert physics.conductance(fixed, 1.0) == pytest.approx(g[1], abs=1e-10)
    ds = physics.ensemble(device, energy=1.0, seeds=[0, 1], sweep={"v_gate": [0.0, 1.5]},
                          executor="serial", disorder=0.3)
    assert ds.conductance.dims == ("seed", "v_gate")
    assert float(ds.conductance[0, 0]) > float(ds.conductance[0, 1])


# --- the safety net: every consumer reads one model --------------------------------

@dataclasses.dataclass(frozen=True)
class GatedWire(devices.Wire):
    """A user's subclass adding a gate barrier through the public onsite hook."""

    gate: float = 0.5

    def onsite(self, sites, params):
        value = super().onsite(sites, params)
        if sites.lead is None:
            x = sites.positions[:, 0]
            value = value + np.where(np.abs(x - self.length / 2) < 3, self.gate, 0.0)
        return value


def test_a_gated_subclass_gives_the_same_number_from_every_solver():
    wire = GatedWire(width=8, length=20, gate=0.5)
    kwant_g = physics.conductance(wire, 1.0, solver="kwant")
    assert kwant_g < physics.open_modes(wire, 1.0) - 0.5  # the gate reflects
    for solver in ("auto", "sparse", "slice"):
        assert physics.conductance(wire, 1.0, solver=solver) == pytest.approx(kwant_g, abs=1e-10)


@dataclasses.dataclass(frozen=True)
class HandEditedWire(devices.Wire):
    """Adds a gate to the Kwant builder by hand, bypassing the model: the check must refuse."""

    def builder(self):
        builder = super().builder()
        lattice = self.site_lattice.families[0]
        for x in range(8, 12):
            for y in range(self.width):
                builder[lattice(x, y)] = 4.5
        return builder


def test_a_kwant_system_that_differs_from_the_model_is_refused():
    wire = HandEditedWire(width=6, length=20)
    with pytest.raises(devices.ModelMismatchError, match="differs from Kwant"):
        physics.conductance(wire, 1.0)
    assert physics.conductance(wire, 1.0, solver="kwant") < 5.5


def test_the_check_catches_a_broken_assembly(monkeypatch):
    wire = devices.Wire(width=5, length=8)
    original = HamiltonianAssembler.values

    def broken(self, params):  # loses the Hermitian partner's phase
        values = original(self, params)
        n = self.n_sites
        values[n + len(self.to_index):] = values[n:n + len(self.to_index)]
        return values

    monkeypatch.setattr(HamiltonianAssembler, "values", broken)
    with pytest.raises(devices.ModelMismatchError):
        physics.conductance(wire, 1.0, phi=0.01)


# --- bad input --------------------------------------------------------------------

RECT = devices.Polygon.rectangle(0, 0, 20, 10)


@pytest.mark.parametrize("make, error, match", [
    (lambda: devices.Polygon([(0, 0), (1, 1)]), ValueError, "at least 3"),
    (lambda: devices.Polygon([(0, 0), (1, 1), (2, 2)]), ValueError, "no area"),
    (lambda: devices.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)]), ValueError, "simple"),
    (lambda: devices.Polygon(RECT.exterior, holes=[[(30, 30), (31, 30), (31, 31)]]),
     ValueError, "simple"),
    (lambda: devices.Lead("left", width=0), ValueError, "width must be positive"),
    (lambda: devices.Lead("sideways"), ValueError, "lead side"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left", center=40, width=4)]),
     ValueError, r"leads\[0\].*does not touch"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left", center=3, width=4),
                                         devices.Lead("left", center=5, width=4)]),
     ValueError, r"leads\[0\].*leads\[1\].*overlap"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left", center=3.5, width=0.5)]),
     ValueError, "does not touch"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left")], lattice="kagome"),
     ValueError, "lattice"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left")], potential=lambda x: x),
     TypeError, "coordinates"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left")],
                                  potential=lambda x, y, v: v * x), TypeError, "default"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left")],
                                  potential=lambda x, y, seed=0: x), ValueError, "clash"),
    (lambda: devices.ShapedDevice(RECT, [devices.Lead("left")],
                                  potential=lambda x, y, energy=0.0: x), ValueError, "clash"),
    (lambda: devices.ShapedDevice(RECT, ["left"]), TypeError, r"leads\[0\]"),
    (lambda: devices.ShapedDevice(lambda pos: True, [devices.Lead("left")]), TypeError,
     "start"),
])
def test_bad_geometry_is_refused_by_name(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_a_non_finite_potential_is_refused_at_solve_time():
    device = devices.ShapedDevice(RECT, [devices.Lead("left"), devices.Lead("right")],
                                  potential=lambda x, y, v=0.0: np.log(1 + v * (x - 5.0)))
    with pytest.raises(ValueError, match="not finite.*v=1.0"):
        physics.conductance(device, 1.0, v=1.0)


def test_graphene_ensembles_are_identical_across_executors():
    """The honeycomb lattice uses MUMPS with the METIS ordering: deterministic too."""
    ribbon = devices.graphene_ribbon("zigzag", 6, 12)
    kwargs = dict(energy=0.4, seeds=range(6), sweep={"phi": [0.0, 0.01]}, disorder=1.0)
    serial = physics.ensemble(ribbon, executor="serial", **kwargs)
    pooled = physics.ensemble(ribbon, executor=2, **kwargs)
    assert np.array_equal(serial.conductance.values, pooled.conductance.values)
    again = physics.ensemble(ribbon, executor="serial", **kwargs)
    assert np.array_equal(serial.conductance.values, again.conductance.values)
    assert abs(float(serial.conductance[0, 0]) - physics.conductance(
        ribbon, 0.4, solver="kwant", disorder=1.0, seed=0)) < 1e-10


def test_cavity_with_partial_leads_uses_the_slice_solver():
    cavity = devices.ShapedDevice(devices.Polygon.rectangle(0, 0, 29, 29),
                                  [devices.Lead("left", center=4.5, width=4),
                                   devices.Lead("right", center=24.5, width=4)])
    assert isinstance(solvers.solver_for(cavity), solvers.SliceGreensSolver)
    for params in (dict(disorder=1.0, seed=2, phi=0.01), dict(disorder=3.0, seed=1)):
        g = physics.conductance(cavity, 1.0, **params)
        assert abs(g - physics.conductance(cavity, 1.0, solver="kwant", **params)) < 1e-10
        taus = physics.transmission_eigenvalues(cavity, 1.0, **params)
        reference = physics.transmission_eigenvalues(cavity, 1.0, solver="kwant", **params)
        assert np.max(np.abs(taus - reference)) < 1e-10


def test_a_lambda_potential_runs_in_a_local_pool():
    """A potential that cannot be pickled reaches forked workers by a token (local_objects)."""
    wire = devices.Wire(width=6, length=12,
                        potential=lambda x, y, v=0.0: v * np.exp(-((x - 6.0) / 2) ** 2))
    kwargs = dict(energy=1.0, seeds=range(4), sweep={"v": [0.0, 0.5]}, disorder=0.5)
    pooled = physics.ensemble(wire, executor=2, **kwargs)
    serial = physics.ensemble(wire, executor="serial", **kwargs)
    assert np.array_equal(pooled.conductance.values, serial.conductance.values)
