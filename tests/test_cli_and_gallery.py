"""The `meso` command line and the gallery scripts (quick mode), as a user runs them."""

import json
import pathlib
import subprocess
import sys

import pytest

from physics import cli

ROOT = pathlib.Path(__file__).resolve().parents[1]


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


@pytest.mark.slow
def test_gallery_quick(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "gallery" / "build.py"), "--quick",
                           "--output", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    scripts = sorted((ROOT / "gallery").glob("plot_*.py"))
    assert scripts
    for script in scripts:
        name = script.stem.removeprefix("plot_")
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000
        checks = json.loads((tmp_path / f"{name}.json").read_text())["checks"]
        assert checks and all(c["ok"] for c in checks)
    assert "<img" in (tmp_path / "index.html").read_text()
