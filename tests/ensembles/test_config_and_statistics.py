"""Run configuration files (bad ones write nothing), meso run/info/plot, statistics helpers."""

import numpy as np
import pytest
import xarray as xr

import devices
import physics
from physics import cli
from physics.ensembles.config import ConfigError

GOOD = """
[device]
type = "Wire"
width = 6
length = 10
[ensemble]
energy = 1.0
seeds = 8
observables = ["conductance", "fano_factor"]
[params]
disorder = 1.5
[sweep]
phi = {start = 0.0, stop = 0.01, num = 3}
"""


def _replace(old, new):
    assert old in GOOD
    return GOOD.replace(old, new)


BAD_CONFIGS = [
    (GOOD + "\n[extra]\nx = 1\n", "extra"),
    (_replace('type = "Wire"', 'type = "Wyre"'), "device.type"),
    (_replace('type = "Wire"\n', ''), "device.type"),
    (_replace("width = 6", "width = 6\ncolour = 3"), "device.colour"),
    (_replace("width = 6", 'width = "six"'), "width"),
    (_replace("width = 6", "width = 0"), "width"),
    (_replace("energy = 1.0", 'energy = "high"'), "ensemble.energy"),
    (_replace("energy = 1.0", "energy = 1.0\nenergie = 2.0"), "ensemble.energie"),
    (_replace("seeds = 8", "seeds = 0"), "ensemble.seeds"),
    (_replace("seeds = 8", "seeds = []"), "ensemble.seeds"),
    (_replace("seeds = 8", 'seeds = "many"'), "ensemble.seeds"),
    (_replace("seeds = 8", "seeds = {start = 2}"), "ensemble.seeds"),
    (_replace("seeds = 8\n", ""), "ensemble.seeds"),
    (_replace('observables = ["conductance", "fano_factor"]', 'observables = ["noise"]'), "noise"),
    (_replace("disorder = 1.5", "disorder = -1.5"), "disorder"),
    (_replace("disorder = 1.5", "disorder = 1.5\nmagnetic_field = 1.0"), "magnetic_field"),
    (_replace("phi = {start = 0.0, stop = 0.01, num = 3}", "phi = []"), "sweep.phi"),
    (_replace("phi = {start = 0.0, stop = 0.01, num = 3}", "phi = {start = 0.0, stop = 0.01, num = 0}"), "sweep.phi.num"),
    (_replace("phi = {start = 0.0, stop = 0.01, num = 3}", "phi = {start = 0.0, stop = 0.01}"), "sweep.phi"),
    (_replace("phi = {start = 0.0, stop = 0.01, num = 3}", 'phi = ["a"]'), "sweep.phi"),
    (_replace("phi = {start = 0.0, stop = 0.01, num = 3}", "random_flux = [-1.0]"), "random_flux"),
    (_replace("phi = {start = 0.0, stop = 0.01, num = 3}", "spin = [1]"), "spin"),
    ("[device\n", "TOML"),
]


@pytest.mark.parametrize("text, key", BAD_CONFIGS)
def test_bad_configuration_names_the_key_and_writes_nothing(tmp_path, capsys, text, key):
    config = tmp_path / "run.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=key):
        physics.config.load(config)
    assert cli.main(["run", str(config)]) == 2
    assert key in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.toml"]


def test_example_configurations_load():
    import pathlib
    examples = sorted((pathlib.Path(__file__).parents[2] / "examples").glob("*.toml"))
    assert {p.stem for p in examples} >= {"wl_sweep", "ucf_ensemble", "ring_flux"}
    for path in examples:
        device, options = physics.config.load(path)
        assert options["seeds"]


def test_meso_run_info_plot(tmp_path, capsys):
    config = tmp_path / "run.toml"
    config.write_text(GOOD)
    assert cli.main(["run", str(config), "--workers", "1"]) == 0
    store = tmp_path / "run.zarr"
    ds = xr.open_zarr(store)
    assert ds.conductance.dims == ("seed", "phi") and int(ds.done.sum()) == 8
    assert cli.main(["info", str(store)]) == 0
    out = capsys.readouterr().out
    assert "complete: 8/8 seeds" in out and "kwant_version: 1.5.0" in out
    assert cli.main(["plot", str(store)]) == 0
    assert (tmp_path / "run.png").stat().st_size > 10_000
    assert cli.main(["info", str(tmp_path / "nothing.zarr")]) == 2


def _samples(n, shape=(), seed=1):
    rng = np.random.default_rng(seed)
    data = rng.normal(2.0, 0.5, size=(n, *shape))
    dims = ["seed"] + [f"x{i}" for i in range(len(shape))]
    return xr.DataArray(data, dims=dims)


def test_mean_and_variance_errors():
    # Gaussian, sigma = 0.5, n = 400: the error of the mean is sigma/sqrt(n) = 0.025,
    # the error of the variance sigma^2 sqrt(2/(n-1)) = 0.0177.  The estimated
    # errors scatter by ~1/sqrt(2n) = 3.5 % (mean) and the bootstrap by ~2.2 % more.
    g = _samples(400)
    m, dm = physics.statistics.mean(g)
    v, dv = physics.statistics.variance(g, n_resamples=2000)
    assert abs(float(dm) / 0.025 - 1) < 0.15
    assert abs(float(dv) / (0.25 * np.sqrt(2 / 399)) - 1) < 0.2
    assert abs(float(m) - 2.0) < 3 * 0.025 and abs(float(v) - 0.25) < 3 * 0.0177
    lm, dlm = physics.statistics.mean_log(g)
    assert abs(float(lm) - float(np.log(g).mean())) < 1e-12


def test_jackknife():
    """Exact for the mean (error = s/sqrt(n)); ratio estimator against the delta method."""
    from physics import statistics
    rng = np.random.default_rng(3)
    x = rng.normal(2.0, 1.0, 40)
    estimate, error = statistics.jackknife(np.mean, x)
    assert estimate == pytest.approx(x.mean())
    assert error == pytest.approx(x.std(ddof=1) / np.sqrt(x.size), rel=1e-12)
    y = rng.normal(5.0, 0.5, 40)
    ratio, ratio_error = statistics.jackknife(lambda a, b: a.mean() / b.mean(), x, y)
    delta = ratio * np.hypot(x.std(ddof=1) / x.mean(), y.std(ddof=1) / y.mean()) / np.sqrt(40)
    assert ratio == pytest.approx(x.mean() / y.mean())
    assert ratio_error == pytest.approx(delta, rel=0.1)
    two = np.stack([x, y], axis=1)  # vector-valued estimators, sample axis first
    _, errors = statistics.jackknife(lambda a: a.mean(axis=0), two)
    assert errors == pytest.approx(two.std(axis=0, ddof=1) / np.sqrt(40), rel=1e-12)
    with pytest.raises(ValueError, match="equal length"):
        statistics.jackknife(np.mean, x, y[:10])
    with pytest.raises(ValueError, match="equal length"):
        statistics.jackknife(np.mean, x[:1])


def test_autocorrelation_of_moving_average_noise():
    # A moving average of w independent values has F(d) = 1 - d/w for d < w, 0 beyond.
    rng = np.random.default_rng(3)
    w, n_x, n_seed = 8, 400, 200
    white = rng.normal(size=(n_seed, n_x + w - 1))
    smooth = np.stack([np.convolve(row, np.ones(w) / w, mode="valid") for row in white])
    data = xr.DataArray(smooth, dims=["seed", "phi"], coords={"phi": np.arange(n_x) * 0.1})
    corr = physics.statistics.autocorrelation(data, "phi")
    exact = np.clip(1 - np.arange(12) / w, 0, None)
    # 200 x 400 samples with correlation length 8: statistical error ~ sqrt(8/80000) = 0.01.
    assert np.max(np.abs(corr.values[:12] - exact)) < 0.04
    assert abs(physics.statistics.correlation_length(corr) - 0.1 * w / 2) < 0.05


def test_config_accepts_transport_options(tmp_path):
    from physics import config
    path = tmp_path / "dephased.toml"
    path.write_text('[device]\ntype = "Wire"\nwidth = 6\nlength = 12\n[ensemble]\nenergy = 1.0\n'
                    'seeds = 2\n[params]\ndisorder = 1.5\nprobes = "checkerboard"\n'
                    '[sweep]\ndephasing = [0.0, 0.02]\n')
    device, options = config.load(path)
    assert options["probes"] == "checkerboard"
    assert list(options["sweep"]["dephasing"]) == [0.0, 0.02]
    path.write_text(path.read_text().replace("0.02]", "-0.02]"))
    with pytest.raises(config.ConfigError, match="dephasing"):
        config.load(path)


def test_absurd_ensemble_sizes_are_refused(tmp_path):
    from physics.ensembles import plan
    wire = devices.Wire(width=3, length=3)
    with pytest.raises(ValueError, match="MAX_SEEDS"):
        physics.ensemble(wire, energy=1.0, seeds=range(10**9))
    with pytest.raises(ValueError, match="MAX_SEEDS"):
        physics.ensemble(wire, energy=1.0, seeds=(s for s in range(10**9)))
    with pytest.raises(ValueError, match="MAX_SWEEP_VALUES"):
        physics.ensemble(wire, energy=1.0, seeds=range(2),
                         sweep={"phi": np.zeros(plan.MAX_SWEEP_VALUES + 1)})
    path = tmp_path / "big.toml"
    path.write_text('[device]\ntype = "Wire"\nwidth = 3\nlength = 3\n'
                    '[ensemble]\nenergy = 1.0\nseeds = 1000000000\n')
    with pytest.raises(physics.config.ConfigError, match="ensemble.seeds"):
        physics.config.load(path)
    path.write_text('[device]\ntype = "Wire"\nwidth = 3\nlength = 3\n'
                    '[ensemble]\nenergy = 1.0\nseeds = 2\n'
                    '[sweep]\nphi = {start = 0.0, stop = 0.01, num = 100000000}\n')
    with pytest.raises(physics.config.ConfigError, match="sweep.phi.num"):
        physics.config.load(path)
