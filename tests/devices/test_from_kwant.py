"""`devices.from_kwant`: a user's own Kwant system works everywhere a built-in device does."""

import kwant
import numpy as np
import pytest

import devices
import physics
from kwant_factories import continuum_wire, disordered_wire, three_terminal

PARAMS = dict(disorder=1.4, seed=5, phi=0.02)


def _kwant_g(syst, energy, **params):
    return kwant.smatrix(syst.finalized(), energy, params=params).transmission(1, 0)


def test_conductance_and_eigenvalues_equal_kwant():
    device = devices.from_kwant(disordered_wire())
    reference = _kwant_g(disordered_wire(), 1.1, **PARAMS)
    assert abs(physics.conductance(device, 1.1, **PARAMS) - reference) < 1e-10
    assert abs(physics.conductance(device, 1.1, solver="kwant", **PARAMS) - reference) < 1e-10
    smat = kwant.smatrix(disordered_wire().finalized(), 1.1, params=PARAMS)
    t = smat.submatrix(1, 0)
    taus = np.linalg.eigvalsh(t.conj().T @ t)[::-1]
    assert np.max(np.abs(physics.transmission_eigenvalues(device, 1.1, **PARAMS) - taus)) < 1e-10
    # A finalized system passed directly gets the same fast solver (wrapped once per system).
    fsyst = disordered_wire().finalized()
    assert abs(physics.conductance(fsyst, 1.1, **PARAMS) - reference) < 1e-10
    assert physics.transport.system.as_device(fsyst) is physics.transport.system.as_device(fsyst)


def test_parameters_come_from_the_value_functions():
    device = devices.from_kwant(disordered_wire, width=5, defaults={"phi": 0.0})
    assert set(device.parameters) == {"disorder", "seed", "phi"}
    assert device.parameter_specs["phi"].lead and not device.parameter_specs["disorder"].lead
    with pytest.raises(TypeError, match="needs parameter.*disorder"):
        physics.conductance(device, 1.0)
    with pytest.raises(TypeError, match="unknown parameter.*colour"):
        physics.conductance(device, 1.0, disorder=1.0, colour=3)
    with pytest.raises(ValueError, match="phi must be finite"):
        physics.conductance(device, 1.0, disorder=1.0, phi=float("nan"))


def test_multi_terminal_matrix_and_default_ensemble_observable():
    device = devices.from_kwant(three_terminal)
    fast = physics.conductance_matrix(device, 1.0, **PARAMS)
    reference = kwant.smatrix(three_terminal().finalized(), 1.0, params=PARAMS)
    assert np.max(np.abs(fast - np.asarray(reference.conductance_matrix()))) < 1e-10
    ds = physics.ensemble(device, energy=1.0, seeds=[1, 2], executor="serial",
                          disorder=1.0, phi=0.01)
    assert list(ds.data_vars) == ["conductance_matrix"]
    assert ds.conductance_matrix.shape == (2, 3, 3)
    # A built-in three-terminal device too (the README's promise).
    junction = devices.ShapedDevice(
        devices.Polygon([(0, 0), (30, 0), (30, 8), (19, 8), (19, 20), (11, 20), (11, 8), (0, 8)]),
        [devices.Lead("left"), devices.Lead("right"), devices.Lead("top")])
    ds = physics.ensemble(junction, energy=1.0, seeds=[0], executor="serial", disorder=0.5)
    assert list(ds.data_vars) == ["conductance_matrix"]
    assert np.max(np.abs(ds.conductance_matrix.values.sum(axis=1))) < 1e-10


def test_ensembles_are_bit_identical_across_executors(tmp_path):
    device = devices.from_kwant(disordered_wire, length=10, defaults={"phi": 0.0})
    kwargs = dict(energy=1.0, seeds=range(6), sweep={"phi": [0.0, 0.02]}, disorder=1.5)
    serial = physics.ensemble(device, executor="serial", **kwargs)
    pooled = physics.ensemble(device, executor=2, **kwargs)
    assert np.array_equal(serial.conductance.values, pooled.conductance.values)
    # An object-made system works in forked workers too (the same process tree).
    local = devices.from_kwant(disordered_wire(length=10), defaults={"phi": 0.0})
    assert np.array_equal(physics.ensemble(local, executor=2, **kwargs).conductance.values,
                          serial.conductance.values)
    stored = physics.ensemble(device, executor="serial", store=tmp_path / "k.zarr", **kwargs)
    again = physics.rerun(stored)
    assert np.array_equal(again.conductance.values, serial.conductance.values)
    with pytest.raises(ValueError, match="cannot be rebuilt"):
        physics.rerun(physics.ensemble(local, executor="serial", **kwargs))


def test_dephasing_probes_and_current_maps_on_a_kwant_system():
    device = devices.from_kwant(disordered_wire, width=6, length=10)
    builtin = devices.Wire(width=6, length=10)
    g_coherent = physics.conductance(device, 1.0, **PARAMS)
    g = physics.conductance(device, 1.0, dephasing=0.05, **PARAMS)
    assert 0 < g and abs(g - g_coherent) > 1e-4
    matrix = physics.conductance_matrix(device, 1.0, dephasing=0.05, **PARAMS)
    assert np.max(np.abs(matrix.sum(axis=0))) < 1e-10
    # Onsager with probes: G(B) = G(-B)^T.
    reverse = physics.conductance_matrix(device, 1.0, dephasing=0.05,
                                         **dict(PARAMS, phi=-0.02))
    assert np.max(np.abs(matrix - reverse.T)) < 1e-10
    current = physics.current_density(device, 1.0, **PARAMS)
    divergence = physics.current_divergence(device.finalized, current)
    interior = np.array([0 < s.tag[0] < 9 for s in device.finalized.sites])
    assert np.max(np.abs(divergence[interior])) < 1e-10
    assert builtin.n_leads == device.n_leads == 2


def test_continuum_discretized_model():
    device = devices.from_kwant(continuum_wire, defaults={"V": lambda x, y: 0.0})
    assert "V" in device.parameters
    g = physics.conductance(device, 0.5)
    reference = kwant.smatrix(continuum_wire().finalized(), 0.5,
                              params=dict(V=lambda x, y: 0.0)).transmission(1, 0)
    assert abs(g - reference) < 1e-10
    assert g == pytest.approx(physics.open_modes(device, 0.5), abs=1e-8)
    bump = lambda x, y: 0.3 * np.exp(-((x - 5) ** 2) / 4)  # noqa: E731
    assert physics.conductance(device, 0.5, V=bump) < g - 0.01


def test_bad_kwant_systems_are_refused_by_name():
    lat = kwant.lattice.square(norbs=1)
    bare = kwant.Builder()
    bare[lat(0, 0)] = 4
    with pytest.raises(ValueError, match="no leads"):
        devices.from_kwant(bare)
    clash = kwant.Builder()
    clash[(lat(x, 0) for x in range(3))] = lambda site, energy: 4 + energy
    lead = kwant.Builder(kwant.TranslationalSymmetry((-1, 0)))
    lead[lat(0, 0)] = 4
    lead[lat.neighbors()] = -1
    clash[lat.neighbors()] = -1
    clash.attach_lead(lead)
    with pytest.raises(ValueError, match="energy.*reserved"):
        devices.from_kwant(clash)
    with pytest.raises(TypeError, match="no factory"):
        devices.from_kwant(disordered_wire(), width=3)
    with pytest.raises(ValueError, match="package.module:function"):
        devices.from_kwant("not_a_path")
    with pytest.raises(TypeError, match="defaults.*colour"):
        devices.from_kwant(disordered_wire(), defaults={"colour": 1})


def test_cli_config_with_a_kwant_factory(tmp_path, monkeypatch):
    from physics import config
    path = tmp_path / "own.toml"
    path.write_text('[device]\ntype = "kwant_factories:disordered_wire"\nwidth = 5\nlength = 8\n'
                    '[ensemble]\nenergy = 1.0\nseeds = 3\n[params]\ndisorder = 1.0\nphi = 0.0\n')
    device, options = config.load(path)
    assert isinstance(device, devices.KwantDevice) and device.factory.endswith(":disordered_wire")
    options.pop("store")
    ds = physics.ensemble(device, executor="serial", **options)
    assert ds.conductance.shape == (3,)
    path.write_text('[device]\ntype = "kwant_factories:nothing"\n[ensemble]\nseeds = 1\n')
    with pytest.raises(config.ConfigError, match="device.type.*nothing"):
        config.load(path)


def test_plot_helpers_take_a_kwant_system_directly():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fsyst = disordered_wire(width=5, length=8).finalized()
    params = dict(disorder=1.0, seed=1, phi=0.0)
    current = physics.current_density(fsyst, 1.0, **params)
    ax = physics.plotting.plot_current(fsyst, current)
    physics.plotting.plot_density(fsyst, physics.density(fsyst, 1.0, **params))
    assert ax.get_xlabel() == "x (a)"
    plt.close("all")
