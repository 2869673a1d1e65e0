"""`meso fit DATA.csv`: measured magnetoconductance files in physical units."""

import numpy as np
import pytest

from devices.units import CONDUCTANCE_QUANTUM, FLUX_QUANTUM
from physics import theory
from physics.analysis.measured_data import read_magnetoconductance_csv
from physics.cli import main

FIELD = np.linspace(-0.02, 0.02, 41)           # T
NOISE = 0.004                                  # e^2/h


def _wl(l_phi=500.0, seed=4):
    """Spin-degenerate HLN, L_phi in nm, with noise."""
    rng = np.random.default_rng(seed)
    return (theory.hln_magnetoconductivity(np.abs(FIELD) / FLUX_QUANTUM, l_phi, 2)
            + rng.normal(0, NOISE, FIELD.size))


def _write(path, header, columns, comment="# synthetic data\n"):
    rows = "\n".join(", ".join(f"{v:.10g}" for v in row) for row in zip(*columns))
    path.write_text(f"{comment}{header}\n{rows}\n", encoding="utf-8")
    return path


def _lengths(output):
    """{'L_phi': (value, error)} from the printed summary."""
    found = {}
    for line in output.splitlines():
        if line.startswith("L_"):
            name, rest = line.split(" = ")
            value, error = rest.split(" +- ")
            assert error.endswith(" nm")
            found[name] = (float(value), float(error.removesuffix(" nm")))
    return found


def test_fit_hln_in_mt_and_quantum_units_with_errors(tmp_path, capsys):
    data = _write(tmp_path / "film.csv", "B [mT], delta_sigma [e^2/h], error [e^2/h]",
                  [FIELD * 1e3, _wl(), np.full(FIELD.size, NOISE)])
    assert main(["fit", str(data)]) == 0
    out = capsys.readouterr().out
    value, error = _lengths(out)["L_phi"]
    assert abs(value - 500.0) < 3 * error and error < 20
    assert "reduced chi^2" in out and "errors from the scatter" not in out
    png = tmp_path / "film_hln.png"
    assert png.stat().st_size > 10_000 and png.read_bytes()[:4] == b"\x89PNG"


def test_fit_from_resistance_in_ohm_without_errors(tmp_path, capsys):
    """R_sheet(B) in Ohm, no error column: 1/R, sigma(0) subtracted, errors from scatter."""
    sigma0 = 40.0                                       # e^2/h per square
    resistance = 1 / ((sigma0 + _wl()) * CONDUCTANCE_QUANTUM)
    resistance[FIELD == 0] = 1 / (sigma0 * CONDUCTANCE_QUANTUM)
    data = _write(tmp_path / "r.csv", "B [T], R_sheet [Ohm]", [FIELD, resistance])
    out_png = tmp_path / "fit.png"
    assert main(["fit", str(data), "--out", str(out_png), "--field-max", "15 mT"]) == 0
    out = capsys.readouterr().out
    value, error = _lengths(out)["L_phi"]
    assert abs(value - 500.0) < 3 * error
    assert "errors from the scatter" in out and "|B| <= 15 mT" in out
    assert out_png.exists()
    measured = read_magnetoconductance_csv(data)
    assert measured.errors is None
    np.testing.assert_allclose(measured.delta_sigma, 1 / (resistance * CONDUCTANCE_QUANTUM)
                               - sigma0, atol=1e-9)


def test_fit_ilp_and_wire_models(tmp_path, capsys):
    rng = np.random.default_rng(9)
    wal = theory.ilp_magnetoconductance(np.abs(FIELD) / FLUX_QUANTUM,
                                        theory.field_from_length(600.0),
                                        theory.field_from_length(250.0))
    data = _write(tmp_path / "wal.csv", "B [G], dsigma [uS], err [uS]",
                  [FIELD * 1e4, (wal + rng.normal(0, 0.003, FIELD.size)) * CONDUCTANCE_QUANTUM
                   * 1e6, np.full(FIELD.size, 0.003 * CONDUCTANCE_QUANTUM * 1e6)])
    assert main(["fit", str(data), "--model", "ilp"]) == 0
    found = _lengths(capsys.readouterr().out)
    for name, true in (("L_phi", 600.0), ("L_so", 250.0)):
        assert abs(found[name][0] - true) < 3 * found[name][1], found
    wire = theory.dephased_wire_magnetoconductance(np.abs(FIELD) / FLUX_QUANTUM, 2000.0, 200.0,
                                                   400.0, 3.0, 2)
    data = _write(tmp_path / "wire.csv", "B [T], delta_g [e^2/h], error [e^2/h]",
                  [FIELD, wire + rng.normal(0, 0.002, FIELD.size), np.full(FIELD.size, 0.002)])
    assert main(["fit", str(data), "--model", "wire", "--width", "200",
                 "--length", "2 um"]) == 0
    value, error = _lengths(capsys.readouterr().out)["L_phi"]
    assert abs(value - 400.0) < 3 * error


def test_a_model_that_does_not_describe_the_data_is_flagged(tmp_path, capsys):
    rng = np.random.default_rng(1)
    wal = theory.ilp_magnetoconductance(np.abs(FIELD) / FLUX_QUANTUM,
                                        theory.field_from_length(500.0),
                                        theory.field_from_length(200.0))
    data = _write(tmp_path / "wal.csv", "B [T], delta_sigma [e^2/h], error [e^2/h]",
                  [FIELD, wal + rng.normal(0, 0.003, FIELD.size), np.full(FIELD.size, 0.003)])
    assert main(["fit", str(data), "--model", "dp"]) == 0
    assert "the dp formula does not describe these data" in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ("B, delta_sigma\n1, 2\n2, 3\n", "column 1 header 'B' must name the column and its unit"),
    ("B [mT], delta_sigma [e^2/h]\n1, 2\nx, 3\n", "data row 3 is not numbers"),
    ("B [m], delta_sigma [e^2/h]\n1, 2\n2, 3\n", "column 'B': unit 'm' is not a magnetic field"),
    ("B [T], delta_sigma [meV]\n1, 2\n2, 3\n", "neither a conductance .* nor a resistance"),
    ("B [T], delta_sigma [wibbles]\n1, 2\n2, 3\n", "unit 'wibbles' is not known"),
    ("B [T], a [S], b [S], c [S]\n1, 2, 3, 4\n", "expected 2 or 3 columns"),
    ("B [T], sigma [S]\n0.1, 2\n0.2, 3\n", "a row at B = 0 is needed"),
    ("B [T], delta_sigma [S], error [Ohm]\n1, 2, 1\n2, 3, 1\n", "error column 'error'"),
    ("B [T], delta_sigma [S]\n1, 2, 3\n", "data row 2 has 3 columns"),
    ("B [T], delta_sigma [S]\n", "needs a header row and data rows"),
])
def test_bad_files_are_one_line_errors(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["fit", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("meso: error: ") and len(err.strip().splitlines()) == 1
    import re
    assert re.search(message, err), err


def test_missing_and_binary_files(tmp_path, capsys):
    assert main(["fit", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00B [T]")
    assert main(["fit", str(tmp_path / "bin.csv")]) == 2
    assert "not a text (UTF-8) CSV file" in capsys.readouterr().err
