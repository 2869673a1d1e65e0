"""The `meso` command line, as a user runs it."""

import pytest

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
