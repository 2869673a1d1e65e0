"""Helpers shared by the gallery scripts: output location, quick/full mode, verdicts.

Every script records its comparisons with `Checks.add`, which prints the
verdict line ``CHECK <name>: simulated X ± dX, theory Y, tolerance T, PASS|FAIL``
and stores it for the HTML page; `Checks.save` makes the script fail if any
check failed.
"""

import html
import json
import os
import pathlib

import matplotlib

matplotlib.use("Agg")

#: Where figures and check results go (set by docs/conf.py; default gallery/_build).
OUTPUT = pathlib.Path(os.environ.get("MESO_GALLERY_OUTPUT",
                                     pathlib.Path(__file__).parent / "_build"))
#: Publication sizes (``make gallery FULL=1``); otherwise the quick mode CI runs.
FULL = os.environ.get("MESO_GALLERY_FULL", "") not in ("", "0")
QUICK = not FULL


def pick(quick, full):
    """The quick-mode or full-mode value of a size or sample count."""
    return full if FULL else quick


def _localize_panel_stylesheets(path):
    """Point Panel's CDN stylesheets at local copies: the page must work offline."""
    import re
    import shutil
    import panel
    dist = pathlib.Path(panel.__file__).parent / "dist"
    text = path.read_text()
    pattern = re.compile(r"https://cdn\.holoviz\.org/panel/[^/]+/dist/([^\"'?\s]+)(\?[^\"'\s]*)?")
    for relative in {m.group(1) for m in pattern.finditer(text)}:
        target = path.parent / "panel_dist" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dist / relative, target)
    path.write_text(pattern.sub(lambda m: f"panel_dist/{m.group(1)}", text))


class VerdictFailed(RuntimeError):
    """A page's simulation disagrees with the theory beyond the stated tolerance."""


def _number(value, spec):
    return html.escape(value) if isinstance(value, str) else format(value, spec)


def verdict_table(checks):
    """The 'simulation versus theory' table of a page, as HTML (rows of `Checks.rows`)."""
    rows = "".join(
        f"<tr><td>{html.escape(c['name'])}</td><td>{c['simulated']:.4g} ± {c['error']:.2g} "
        f"{html.escape(c['unit'])}</td><td>{_number(c['theory'], '.4g')}</td>"
        f"<td>{_number(c['tolerance'], '.3g')}</td>"
        f"<td class={'pass' if c['ok'] else 'fail'}>{'PASS' if c['ok'] else 'FAIL'}</td>"
        f"<td>{html.escape(c.get('note', ''))}</td></tr>" for c in checks)
    return ("<table class='verdicts'><tr><th>check</th><th>simulated</th><th>theory</th>"
            f"<th>tolerance</th><th>verdict</th><th>note</th></tr>{rows}</table>")


def reported_table(reported):
    """Comparisons a page shows without a verdict (its text says why), as HTML."""
    if not reported:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(r['name'])}</td><td>{r['simulated']:.4g} ± {r['error']:.2g} "
        f"{html.escape(r['unit'])}</td><td>{r['reference']:.4g}</td>"
        f"<td>{html.escape(r.get('note', ''))}</td></tr>" for r in reported)
    return ("<h3>Reported, not verdicts</h3><table class='verdicts'><tr><th>quantity</th>"
            f"<th>simulated</th><th>reference</th><th>note</th></tr>{rows}</table>")


class Checks:
    """Collect 'simulation versus theory' verdicts of one gallery page."""

    def __init__(self, name):
        self.name = name
        self.rows = []
        self.reported = []
        self.extra_files = []
        #: True once `save` has run (the documentation build then shows the tables).
        self.saved = False

    def add(self, name, simulated, error, theory, tolerance, unit="", note=""):
        """Record and print one verdict: PASS when |simulated - theory| <= tolerance."""
        simulated, error, theory, tolerance = map(float, (simulated, error, theory, tolerance))
        ok = abs(simulated - theory) <= tolerance
        self.rows.append(dict(name=name, simulated=simulated, error=error, theory=theory,
                              tolerance=tolerance, unit=unit, note=note, ok=ok))
        unit_text = f" {unit}" if unit else ""
        print(f"CHECK {name}: simulated {simulated:.6g} ± {error:.2g}{unit_text}, "
              f"theory {theory:.6g}, tolerance {tolerance:.3g}, {'PASS' if ok else 'FAIL'}",
              flush=True)

    def add_bound(self, name, simulated, error, lower=None, upper=None, sigmas=3, unit="",
                  note=""):
        """Record a one-sided verdict: PASS when the value is beyond the bound by ``sigmas`` errors."""
        simulated, error = float(simulated), float(error)
        if lower is not None:
            ok, theory_text = simulated - sigmas * error > lower, f"> {lower:g}"
        else:
            ok, theory_text = simulated + sigmas * error < upper, f"< {upper:g}"
        self.rows.append(dict(name=name, simulated=simulated, error=error, theory=theory_text,
                              tolerance=f"{sigmas} sigma", unit=unit, note=note, ok=ok))
        unit_text = f" {unit}" if unit else ""
        print(f"CHECK {name}: simulated {simulated:.6g} ± {error:.2g}{unit_text}, "
              f"theory {theory_text}, tolerance {sigmas} sigma, {'PASS' if ok else 'FAIL'}",
              flush=True)

    def report(self, name, simulated, error, reference, unit="", note=""):
        """Record and print a comparison that is shown but is not a verdict (see the page text)."""
        simulated, error, reference = map(float, (simulated, error, reference))
        self.reported.append(dict(name=name, simulated=simulated, error=error,
                                  reference=reference, unit=unit, note=note))
        unit_text = f" {unit}" if unit else ""
        print(f"MEASURED {name}: simulated {simulated:.6g} ± {error:.2g}{unit_text}, "
              f"reference {reference:.6g} (not a verdict) {note}", flush=True)

    def save_figure(self, fig, suffix=""):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"{self.name}{suffix}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        return path

    def save_interactive(self, element, suffix="_explorer"):
        """A holoviews element as a standalone bokeh HTML page (widgets embedded)."""
        import holoviews as hv
        hv.extension("bokeh", logo=False)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        path = OUTPUT / f"{self.name}{suffix}.html"
        hv.save(element, path, backend="bokeh", resources="inline")
        _localize_panel_stylesheets(path)
        self.extra_files.append(path.name)
        return path

    def save(self):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / f"{self.name}.json").write_text(json.dumps(
            dict(name=self.name, full=FULL, checks=self.rows, reported=self.reported,
                 extra_files=self.extra_files),
            indent=1))
        self.saved = True
        if not all(row["ok"] for row in self.rows):
            raise VerdictFailed(f"{self.name}: simulation disagrees with theory")
