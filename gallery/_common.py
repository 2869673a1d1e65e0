"""Helpers shared by the gallery scripts: output location, quick mode, check records."""

import json
import os
import pathlib

import matplotlib

matplotlib.use("Agg")

#: Where figures and check results go (set by build.py; default gallery/_build).
OUTPUT = pathlib.Path(os.environ.get("MESO_GALLERY_OUTPUT",
                                     pathlib.Path(__file__).parent / "_build"))
#: Quick mode (CI smoke run): smaller systems and grids, same checks.
QUICK = os.environ.get("MESO_GALLERY_QUICK", "") not in ("", "0")


class Checks:
    """Collect 'simulation versus theory' numbers with their tolerance."""

    def __init__(self, name):
        self.name = name
        self.rows = []

    def add(self, what, value, tolerance, unit=""):
        self.rows.append(dict(what=what, value=float(value), tolerance=float(tolerance),
                              unit=unit, ok=bool(abs(value) <= tolerance)))
        status = "ok" if self.rows[-1]["ok"] else "FAILED"
        print(f"{what}: {value:.3g} {unit} (tolerance {tolerance:g}) {status}")

    def save_figure(self, fig, suffix=""):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"{self.name}{suffix}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        return path

    def save(self):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / f"{self.name}.json").write_text(json.dumps(
            dict(name=self.name, quick=QUICK, checks=self.rows), indent=1))
        if not all(row["ok"] for row in self.rows):
            raise SystemExit(f"{self.name}: simulation disagrees with theory")
