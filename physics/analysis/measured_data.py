"""Measured magnetoconductance from a CSV file, and the figure of a fit to it.

The file (`read_magnetoconductance_csv`) has a header row naming each column with
its unit in brackets; lines starting with ``#`` are comments::

    B [mT], delta_sigma [e^2/h], error [e^2/h]
    -20.0, 0.512, 0.004
    ...

* column 1: the field, in any unit of magnetic field (T, mT, G);
* column 2: the conductance: ``delta_sigma`` / ``dsigma`` / ``delta_g`` is
  sigma(B) - sigma(0); any other name is sigma(B) itself, and sigma(0) (a row at
  B = 0 is needed) is subtracted.  Units: ``e^2/h`` (or ``2e^2/h``), any
  conductance pint knows (S, mS, uS), or a resistance (Ohm, kOhm: converted to
  1/R first);
* column 3 (optional): standard errors of column 2, in a unit of the same kind.
"""

import csv
import os
import re

import numpy as np

from devices.quantities import registry, tesla_per
from devices.units import CONDUCTANCE_QUANTUM

__all__ = ["read_magnetoconductance_csv", "MeasuredMagnetoconductance",
           "plot_magnetoconductance_fit"]

_HEADER = re.compile(r"^\s*(?P<name>[^\[]*?)\s*\[(?P<unit>[^\]]*)\]\s*$")
_QUANTUM_UNITS = {"e^2/h": 1.0, "e2/h": 1.0, "e²/h": 1.0, "2e^2/h": 2.0, "2e2/h": 2.0,
                  "2e²/h": 2.0}
_DIFFERENCE_NAMES = ("delta_sigma", "dsigma", "delta_g", "dg", "Δσ", "delta sigma")


class MeasuredMagnetoconductance:
    """Columns of a magnetoconductance file: field (T), delta_sigma and errors (e^2/h)."""

    def __init__(self, path, field, delta_sigma, errors, names):
        self.path, self.field, self.delta_sigma, self.errors = path, field, delta_sigma, errors
        self.names = names


def _column_unit(path, header, k):
    match = _HEADER.match(header)
    if not match or not match.group("unit").strip():
        raise ValueError(f"{path}: column {k + 1} header {header.strip()!r} must name the "
                         "column and its unit in brackets, e.g. 'B [mT]' or "
                         "'delta_sigma [e^2/h]'")
    return match.group("name").strip(), match.group("unit").strip()


def _conductance_scale(path, name, unit):
    """``(factor, is_resistance)``: values times factor are e^2/h, or ohm for a resistance."""
    if unit.replace(" ", "") in _QUANTUM_UNITS:
        return _QUANTUM_UNITS[unit.replace(" ", "")], False
    try:
        quantity = registry().Quantity(1.0, re.sub(r"Ohm|Ω", "ohm", unit))
    except Exception:  # noqa: BLE001 - pint raises several types
        raise ValueError(f"{path}: column {name!r}: unit {unit!r} is not known") from None
    for target, resistance in (("S", False), ("ohm", True)):
        if quantity.check(registry().Unit(target).dimensionality):
            factor = quantity.to(target).magnitude
            return (factor if resistance else factor / CONDUCTANCE_QUANTUM), resistance
    raise ValueError(f"{path}: column {name!r}: unit {unit!r} is neither a conductance "
                     "(e^2/h, S) nor a resistance (Ohm)")


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    reader = list(csv.reader(lines))
    if len(reader) < 2:
        raise ValueError(f"{path}: needs a header row and data rows")
    header, data = reader[0], reader[1:]
    if len(header) not in (2, 3):
        raise ValueError(f"{path}: expected 2 or 3 columns (field, conductance[, error]), "
                         f"the header has {len(header)}")
    values = []
    for number, row in enumerate(data, start=2):
        if len(row) != len(header):
            raise ValueError(f"{path}: data row {number} has {len(row)} columns, the header "
                             f"{len(header)}")
        try:
            values.append([float(cell) for cell in row])
        except ValueError:
            raise ValueError(f"{path}: data row {number} is not numbers: {row}") from None
    return header, np.array(values)


def read_magnetoconductance_csv(path):
    """Read a measured magnetoconductance file (format: module docstring).

    Returns
    -------
    MeasuredMagnetoconductance
        ``field`` in T, ``delta_sigma`` and ``errors`` (or None) in e^2/h, ``names``
        of the columns.

    Raises
    ------
    ValueError
        Naming the file, the column or the row at fault.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ValueError(f"{path}: no such file")
    try:
        header, values = _rows(path)
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a text (UTF-8) CSV file") from None
    columns = [_column_unit(path, h, k) for k, h in enumerate(header)]
    (field_name, field_unit), (g_name, g_unit) = columns[:2]
    try:
        field = values[:, 0] * tesla_per(field_unit)
    except ValueError:
        raise ValueError(f"{path}: column {field_name!r}: unit {field_unit!r} is not a "
                         "magnetic field (T, mT, G)") from None
    factor, resistance = _conductance_scale(path, g_name, g_unit)
    g = values[:, 1] * factor
    errors = None
    if len(columns) == 3:
        e_factor, e_resistance = _conductance_scale(path, *columns[2])
        if e_resistance != resistance:
            raise ValueError(f"{path}: the error column {columns[2][0]!r} must be in a unit "
                             f"of the same kind as {g_name!r}")
        errors = values[:, 2] * e_factor
    if resistance:   # R -> G = 1/R in e^2/h, errors dR / R^2
        if np.any(g <= 0):
            raise ValueError(f"{path}: column {g_name!r}: a resistance must be positive")
        if errors is not None:
            errors = errors / g**2 / CONDUCTANCE_QUANTUM
        g = 1 / g / CONDUCTANCE_QUANTUM
    if g_name.lower() not in _DIFFERENCE_NAMES:
        zero = np.flatnonzero(field == 0)
        if zero.size == 0:
            raise ValueError(f"{path}: column {g_name!r} is the conductance itself (not "
                             "delta_sigma): a row at B = 0 is needed to subtract sigma(0)")
        g = g - g[zero].mean()
    return MeasuredMagnetoconductance(path, field, g, errors, [c[0] for c in columns])


def plot_magnetoconductance_fit(fit, data, out, title=None):
    """A PNG of the data (both field signs, error bars) and the fitted curve.

    Parameters
    ----------
    fit : physics.analysis.magnetoconductance_fits.MagnetoconductanceFit
    data : MeasuredMagnetoconductance
    out : str
        PNG file.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    field_mt = data.field * 1e3
    fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
    ax.errorbar(field_mt, data.delta_sigma, data.errors, fmt="o", ms=3, capsize=2,
                color="C0", label="data")
    grid = np.linspace(-np.abs(data.field).max(), np.abs(data.field).max(), 401)
    grid = grid[grid != 0]
    label = f"{fit.model} fit: " + ", ".join(
        line.replace("+-", "±") for line in fit.summary().splitlines() if line.startswith("L_"))
    ax.plot(grid * 1e3, fit.curve(grid), color="C3", label=label)
    ax.axhline(0, color="0.7", lw=0.8)
    ax.set_xlabel("B (mT)")
    ax.set_ylabel("Δσ (e²/h)")
    ax.set_title(title or f"{os.path.basename(data.path)}: reduced χ² = {fit.chi2:.3g}"
                 + (" (errors from the scatter)" if fit.errors_estimated else ""), fontsize=9)
    ax.legend(fontsize=8)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
