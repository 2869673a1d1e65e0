"""sphinx-gallery scraper: a page's verdict table and interactive explorers, where it saves them.

After every code block, the page's `Checks` object (gallery/_common.py) is
looked up in the example's globals; once its ``save()`` has run, the
'simulation versus theory' table (and the reported comparisons) is inserted
as HTML, and each interactive explorer the page wrote is copied next to the
page in the site and linked.  The tables are rendered by the same functions
as the verdict JSON the tests read (one definition: `_common.verdict_table`).
"""

import os
import pathlib
import shutil
import weakref

#: Files copied into the site next to the gallery pages (`html_extra_path` of docs/conf.py).
EXTRA = pathlib.Path(os.environ.get("MESO_GALLERY_EXTRA", "docs/_build/gallery_extra"))

#: The `Checks` objects whose tables are already on their page (in this worker process).
_SHOWN = weakref.WeakSet()


class VerdictScraper:
    """Picklable (sphinx-gallery runs pages in parallel worker processes)."""

    def __repr__(self):
        return "VerdictScraper"

    def __call__(self, block, block_vars, gallery_conf):
        checks = [value for value in block_vars["example_globals"].values()
                  if type(value).__name__ == "Checks" and getattr(value, "saved", False)
                  and value not in _SHOWN]
        if not checks:
            return ""
        from _common import OUTPUT, reported_table, verdict_table
        parts = []
        for page in checks:
            _SHOWN.add(page)
            target = EXTRA / "gallery"
            target.mkdir(parents=True, exist_ok=True)
            links = []
            for name in page.extra_files:
                shutil.copy2(OUTPUT / name, target / name)
                links.append(f"<p><a href='{name}'>Interactive explorer</a> "
                             "(holoviews/bokeh; drag the slider)</p>")
            if (OUTPUT / "panel_dist").is_dir():
                shutil.copytree(OUTPUT / "panel_dist", target / "panel_dist", dirs_exist_ok=True)
            parts.append("<h2>Simulation versus theory</h2>" + verdict_table(page.rows)
                         + reported_table(page.reported) + "".join(links))
        html = "".join(parts)
        return "\n\n.. raw:: html\n\n" + "\n".join("    " + line for line in html.splitlines()) + "\n\n"


#: Pages known to take longest in quick mode (measured): they run (and are listed) first, so
#: that the build ends with short pages filling both cores instead of one long page alone.
SLOWEST_FIRST = ["plot_weak_antilocalization_dephasing", "plot_scaling_function",
                 "plot_zero_bias_anomaly", "plot_level_statistics", "plot_aharonov_bohm",
                 "plot_hln_dephasing", "plot_dephasing_wire", "plot_weak_localization",
                 "plot_weak_antilocalization", "plot_ucf", "plot_symplectic_transition",
                 "plot_variable_range_hopping", "plot_field_geometry"]


class SlowestFirst:
    """sphinx-gallery ``within_subsection_order``: `SLOWEST_FIRST`, then by file name."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __repr__(self):
        return "SlowestFirst"

    def __call__(self, filename):
        stem = pathlib.Path(filename).stem
        rank = SLOWEST_FIRST.index(stem) if stem in SLOWEST_FIRST else len(SLOWEST_FIRST)
        return f"{rank:03d}{stem}"
