"""Buttiker dephasing probes: exact properties and limits."""

import kwant
import numpy as np
import pytest

import devices
import physics
from physics import dephasing


def _with_probe_leads(device, probe_tags, eta):
    """The device's Kwant system with wide-band self-energy leads on ``probe_tags``."""
    lattice = device.site_lattice.families[0]
    builder = device.builder()
    sigma = -1j * eta * np.eye(device.norbs)
    for tag in probe_tags:
        builder.leads.append(kwant.builder.SelfEnergyLead(
            lambda energy, args=(), *, params=None: sigma, [lattice(*tag)], ()))
    return builder.finalized()


@pytest.mark.parametrize("spin", [False, True])
def test_probe_transmissions_match_kwant_self_energy_leads(spin):
    wire = devices.Wire(width=4, length=6, spin=spin)
    params = dict(disorder=1.5, seed=3, phi=0.02)
    if spin:
        params.update(rashba=0.2, zeeman=0.1)
    eta, energy = 0.3, 1.2
    sites = np.array([3, 9, 17])
    tags = [tuple(wire.finalized.sites[i].tag) for i in sites]
    solver = dephasing.DephasingSolver(wire, probes=sites)
    ours = solver.terminal_transmissions(energy, wire.solve_params(**params), eta)
    fsyst = _with_probe_leads(wire, tags, eta)
    n = len(fsyst.leads)
    gf = kwant.greens_function(fsyst, energy, params=wire.solve_params(**params),
                               in_leads=range(n), out_leads=range(n))
    theirs = np.array([[gf.transmission(p, q) if p != q else 0.0 for q in range(n)]
                       for p in range(n)])
    assert np.allclose(ours, theirs, atol=1e-10)


def test_zero_coupling_is_phase_coherent():
    wire = devices.Wire(width=5, length=12)
    params = dict(disorder=1.0, seed=2, phi=0.01)
    coherent = physics.conductance(wire, 1.0, **params)
    assert physics.conductance(wire, 1.0, dephasing=0.0, **params) == coherent
    assert physics.conductance(wire, 1.0, dephasing=1e-9, **params) == pytest.approx(
        coherent, abs=1e-6)
    # The same probe solver, coherent after dephased (regression: the sparse right-hand
    # sides of the probe solve left MUMPS unable to solve dense ones).
    solver = dephasing.DephasingSolver(wire)
    solve_params = wire.solve_params(**params)
    solver.conductance_matrix(1.0, solve_params, 0.05)
    assert solver.conductance_matrix(1.0, solve_params, 0.0)[1, 0] == pytest.approx(
        -coherent, abs=1e-12)


def test_current_conservation_and_onsager_with_probes():
    bar = devices.HallBar(width=8, length=16)
    params = dict(disorder=1.0, seed=4, phi=0.03)
    solver = dephasing.DephasingSolver(bar)
    t = solver.terminal_transmissions(1.0, bar.solve_params(**params), 0.05)
    full = -t
    full[np.diag_indices_from(full)] = t.sum(axis=0)
    # Sum rules of the whole (leads + probes) matrix: current conservation, no current at V = const.
    assert np.abs(full.sum(axis=0)).max() < 1e-10
    assert np.abs(full.sum(axis=1)).max() < 1e-10
    g_plus = physics.conductance_matrix(bar, 1.0, dephasing=0.05, **params)
    g_minus = physics.conductance_matrix(bar, 1.0, dephasing=0.05, **dict(params, phi=-0.03))
    assert np.abs(g_plus.sum(axis=0)).max() < 1e-10
    assert np.abs(g_plus.sum(axis=1)).max() < 1e-10
    assert np.allclose(g_plus, g_minus.T, atol=1e-10)  # Onsager-Casimir survives dephasing
    assert not np.allclose(g_plus, g_plus.T, atol=1e-6)


def test_strong_dephasing_adds_resistances_classically():
    """Clean wire, strong dephasing: R(L) = R_contact + rho L (Ohm), R_contact = 1/N."""
    resistances = []
    for length in (20, 40, 60, 80):
        wire = devices.Wire(width=4, length=length)
        resistances.append(1 / physics.conductance(wire, 1.0, dephasing=0.3))
    steps = np.diff(resistances)
    assert np.allclose(steps, steps[0], rtol=1e-4)
    contact = resistances[0] - steps[0]
    assert contact == pytest.approx(1 / physics.open_modes(wire, 1.0), rel=0.03)
    # Phase coherent, the clean wire is ballistic: no resistance grows with length.
    assert 1 / physics.conductance(devices.Wire(width=4, length=80), 1.0) == pytest.approx(1.0)


def test_spin_degenerate_probes_double_the_conductance():
    params = dict(disorder=1.5, seed=1, phi=0.01)
    spinless = physics.conductance(devices.Wire(width=5, length=10), 1.0, dephasing=0.05, **params)
    spinful = physics.conductance(devices.Wire(width=5, length=10, spin=True), 1.0,
                                  dephasing=0.05, **params)
    assert spinful == pytest.approx(2 * spinless, rel=1e-10)


def test_ensemble_sweeps_dephasing():
    wire = devices.Wire(width=4, length=8)
    ds = physics.ensemble(wire, energy=1.0, seeds=[0, 1], sweep={"dephasing": [0.0, 0.05]},
                          disorder=1.0, executor="serial")
    for i, seed in enumerate([0, 1]):
        for j, eta in enumerate([0.0, 0.05]):
            assert ds.conductance.values[i, j] == pytest.approx(
                physics.conductance(wire, 1.0, dephasing=eta, disorder=1.0, seed=seed), abs=1e-12)
    fixed = physics.ensemble(wire, energy=1.0, seeds=[0], dephasing=0.05, disorder=1.0,
                             executor="serial")
    assert fixed.conductance.values[0] == pytest.approx(ds.conductance.values[0, 1], abs=1e-12)


def test_dephasing_length():
    assert dephasing.dephasing_length(0.02, 4.0) == pytest.approx(10.0)
    assert dephasing.dephasing_rate(10.0, 4.0) == pytest.approx(0.02)
    assert dephasing.dephasing_length(0.04, 4.0, probe_fraction=0.5) == pytest.approx(10.0)


def test_checkerboard_probes():
    wire = devices.Wire(width=6, length=10)
    solver = dephasing.DephasingSolver(wire, probes="checkerboard")
    assert solver.probe_fraction == 0.5
    tags = wire.assembly.tags[solver.probe_sites]
    assert np.all(tags.sum(axis=1) % 2 == 0)
    # Strong checkerboard dephasing still gives Ohm's law in a clean wire.
    resistances = [1 / physics.conductance(devices.Wire(width=4, length=n), 1.0, dephasing=0.6,
                                           probes="checkerboard") for n in (20, 40, 60)]
    assert np.diff(resistances, 2)[0] == pytest.approx(0, abs=1e-4 * resistances[0])
    ds = physics.ensemble(wire, energy=1.0, seeds=[0], dephasing=0.05, probes="checkerboard",
                          disorder=1.0, executor="serial")
    assert ds.conductance.values[0] == pytest.approx(physics.conductance(
        wire, 1.0, dephasing=0.05, probes="checkerboard", disorder=1.0, seed=0), abs=1e-12)


def test_grid_probes():
    """'grid:N': every N-th site along each axis, fraction 1/N^d, usable in ensembles."""
    film = devices.Film(width=9, length=12)
    solver = dephasing.DephasingSolver(film, probes="grid:3")
    tags = np.asarray(film.assembly.tags)
    assert np.all(tags[solver.probe_sites] % 3 == 0)
    assert solver.probe_sites.size == 3 * 4 and solver.probe_fraction == pytest.approx(1 / 9)
    slab = dephasing.DephasingSolver(devices.Film(width=4, length=4, thickness=4), "grid:2")
    assert slab.probe_fraction == pytest.approx(1 / 8)
    ds = physics.ensemble(film, energy=1.0, seeds=[4], dephasing=0.1, probes="grid:3",
                          disorder=1.0, executor="serial")
    assert ds.conductance.values[0] == pytest.approx(physics.conductance(
        film, 1.0, dephasing=0.1, probes="grid:3", disorder=1.0, seed=4), abs=1e-12)


def test_probe_layouts_are_not_confused():
    """Each probe layout has its own solver on a device (regression: 'all' and
    'checkerboard' once shared one cached solver, whichever came first)."""
    wire = devices.Wire(width=6, length=8)
    params = dict(disorder=1.0, seed=2)
    fresh = {probes: physics.conductance(devices.Wire(width=6, length=8), 1.0, dephasing=0.1,
                                         probes=probes, **params)
             for probes in ("all", "checkerboard")}
    assert abs(fresh["all"] - fresh["checkerboard"]) > 1e-3
    for probes in ("all", "checkerboard", "all"):
        assert physics.conductance(wire, 1.0, dephasing=0.1, probes=probes,
                                   **params) == pytest.approx(fresh[probes], abs=1e-12)
    n_sites = len(wire.finalized.sites)
    sites = np.arange(0, n_sites, 3)
    mask = np.zeros(n_sites, dtype=bool)
    mask[sites] = True
    assert physics.conductance(wire, 1.0, dephasing=0.1, probes=sites, **params) == \
        pytest.approx(physics.conductance(wire, 1.0, dephasing=0.1, probes=mask, **params),
                      abs=1e-12)


def test_bad_input():
    wire = devices.Wire(width=4, length=8)
    with pytest.raises(ValueError, match="dephasing"):
        physics.conductance(wire, 1.0, dephasing=-0.1)
    with pytest.raises(TypeError, match="dephasing"):
        physics.conductance(wire, 1.0, dephasing="strong")
    with pytest.raises(ValueError, match="dephasing"):
        physics.conductance(wire, 1.0, dephasing=float("inf"))
    with pytest.raises(ValueError, match="solver"):
        physics.conductance(wire, 1.0, dephasing=0.1, solver="slice")
    with pytest.raises(ValueError, match="probes"):
        dephasing.DephasingSolver(wire, probes="some")
    with pytest.raises(ValueError, match="probe site indices"):
        dephasing.DephasingSolver(wire, probes=[0, 999])
    with pytest.raises(ValueError, match="one entry per site"):
        dephasing.DephasingSolver(wire, probes=np.ones(3, dtype=bool))
    with pytest.raises(ValueError, match="only conductance"):
        physics.ensemble(wire, energy=1.0, seeds=[0], dephasing=0.1,
                         observables=("transmission_eigenvalues",), executor="serial")
    with pytest.raises(ValueError, match="dephasing"):
        physics.ensemble(wire, energy=1.0, seeds=[0], sweep={"dephasing": [0.1, -1.0]},
                         executor="serial")
    with pytest.raises(ValueError, match="diffusion_constant"):
        dephasing.dephasing_length(0.1, -1.0)
    with pytest.raises(ValueError, match="probe_fraction"):
        dephasing.dephasing_length(0.1, 1.0, probe_fraction=0)
    with pytest.raises(ValueError, match="probes cannot be swept"):
        physics.ensemble(wire, energy=1.0, seeds=[0], sweep={"probes": ["all"]}, executor="serial")
    for bad in ("half", "grid:1", "grid:", "grid:3x"):
        with pytest.raises(ValueError, match="probes must be"):
            physics.ensemble(wire, energy=1.0, seeds=[0], dephasing=0.1, probes=bad,
                             executor="serial")
        with pytest.raises(ValueError, match="probes must be"):
            physics.conductance(wire, 1.0, dephasing=0.1, probes=bad)
    with pytest.raises(ValueError, match="named layout"):
        physics.ensemble(wire, energy=1.0, seeds=[0], dephasing=0.1, probes=[0, 1],
                         executor="serial")


def test_dephasing_model():
    model = dephasing.DephasingModel.for_dimension(2, reference_length=8.0,
                                                   reference_temperature=1.0)
    assert model.exponent == 1.0
    assert model.length(0.25) == pytest.approx(16.0)  # L_phi ~ T^-1/2 in 2D
    wire_model = dephasing.DephasingModel.for_dimension(1, 8.0, 1.0)
    assert wire_model.length(1 / 8) == pytest.approx(8.0 * 8 ** (1 / 3))  # T^-1/3 in 1D
    eta = model.coupling(0.25, diffusion_constant=2.5, probe_fraction=0.5)
    assert dephasing.dephasing_length(eta, 2.5, 0.5) == pytest.approx(16.0)
    with pytest.raises(ValueError, match="temperature"):
        model.length(-1.0)
    with pytest.raises(ValueError, match="dimension"):
        dephasing.DephasingModel.for_dimension(3, 8.0, 1.0)
    with pytest.raises(ValueError, match="reference_length"):
        dephasing.DephasingModel(-1.0, 1.0)
