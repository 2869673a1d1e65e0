"""The `meso` command line, as a user runs it."""

import pytest
import zarr

import devices
import physics
from physics import cli


def test_cli_conductance_matches_api(capsys):
    import devices, physics
    assert cli.main(["conductance", "Wire", "width=6", "length=10", "--energy", "1.0",
                     "disorder=1.5", "seed=3"]) == 0
    expected = physics.conductance(devices.Wire(width=6, length=10), 1.0, disorder=1.5, seed=3)
    assert float(capsys.readouterr().out) == expected


@pytest.mark.parametrize("argv, message", [
    (["conductance", "Blob", "--energy", "1"], "unknown device"),
    (["conductance", "Wire", "width=6", "length=0", "--energy", "1"], "length"),
    (["conductance", "Wire", "width=6", "length=5", "--energy", "1", "colour=2"], "colour"),
])
def test_cli_errors_name_the_argument(capsys, argv, message):
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_conductance_of_your_own_kwant_system(capsys, monkeypatch):
    import sys, pathlib
    monkeypatch.syspath_prepend(str(pathlib.Path(__file__).parents[1]))  # tests/: kwant_factories
    import devices, physics
    assert cli.main(["conductance", "kwant_factories:disordered_wire", "width=5", "length=8",
                     "--energy", "1.0", "disorder=1.5", "seed=3", "phi=0.0"]) == 0
    from kwant_factories import disordered_wire
    expected = physics.conductance(devices.from_kwant(disordered_wire, width=5, length=8), 1.0,
                                   disorder=1.5, seed=3, phi=0.0)
    assert float(capsys.readouterr().out) == expected
    assert cli.main(["devices"]) == 0
    assert "package.module:function" in capsys.readouterr().out


def test_info_rounds_down_and_survives_a_closed_pipe(tmp_path):
    """`meso info | head` ended in BrokenPipeError; 1991 of 2000 seeds printed '100 %'."""
    import subprocess
    import sys
    store = tmp_path / "s.zarr"
    physics.ensemble(devices.Wire(width=2, length=2), energy=1.5, seeds=range(3), store=store,
                     executor="serial")
    group = zarr.open_group(str(store), mode="r+", use_consolidated=False)
    group["done"][2] = 0
    out = subprocess.run(f"{sys.executable} -m physics.cli info {store} | head -1",
                         shell=True, capture_output=True, text=True)
    assert out.stdout.startswith("store:") and "Error" not in out.stderr, out.stderr
    full = subprocess.run([sys.executable, "-m", "physics.cli", "info", str(store)],
                          capture_output=True, text=True)
    assert "complete: 2/3 seeds (66.6 %)" in full.stdout


def test_config_paths_that_are_not_toml_files(tmp_path):
    from physics.ensembles.config import ConfigError, load
    with pytest.raises(ConfigError, match="is a directory"):
        load(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes("[device]\ntype = \"Wire\" # caf\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="latin.toml: not UTF-8"):
        load(latin)
