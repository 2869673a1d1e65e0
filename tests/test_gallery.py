"""The gallery, built as `make gallery` builds it (the site, quick mode): verdicts and HTML.

Every page must report only PASS verdicts; the gallery pages of the site are then
loaded in headless Chromium (Debian's chromium, driven by Playwright): no console
errors, every image present, the verdict table shown, and the interactive explorers
render.  The `site` fixture (conftest.py) builds the site once for this file and
tests/test_docs.py.
"""

import json
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "gallery").glob("plot_*.py"))


@pytest.mark.slow
def test_every_page_passes(site):
    html, output, proc = site
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert len(SCRIPTS) >= 9
    for script in SCRIPTS:
        name = script.stem.removeprefix("plot_")
        assert (output / f"{name}.png").stat().st_size > 10_000, name
        checks = json.loads((output / f"{name}.json").read_text())["checks"]
        assert checks and all(c["ok"] for c in checks), name
        page = (html / "gallery" / f"{script.stem}.html").read_text()
        assert "Simulation versus theory" in page and page.count("PASS") >= len(checks), name
        assert "FAIL" not in page.split("Simulation versus theory", 1)[1], name
    # The spin-orbit field is a verdict (quick mode reports nothing without one).
    wal = json.loads((output / "weak_antilocalization_dephasing.json").read_text())
    assert any(c["name"].startswith("(b) L_so from the ILP fit") for c in wal["checks"])
    assert wal["reported"] == []
    page = (html / "gallery" / "plot_weak_antilocalization_dephasing.html").read_text()
    assert "(b) L_so from the ILP fit" in page and "Reported, not verdicts" not in page


def test_reported_comparisons_get_their_own_table():
    sys.path.insert(0, str(ROOT / "gallery"))
    from _common import reported_table
    table = reported_table([dict(name="(b') L_so, 80×80 film", simulated=13.8,
                                 error=1.3, reference=10.0, unit="a", note="edges")])
    assert "Reported, not verdicts" in table and "(b&#x27;) L_so, 80×80 film" in table
    assert "13.8 ± 1.3 a" in table and reported_table([]) == ""


@pytest.mark.slow
def test_html_in_headless_chromium(site, browser_page):
    html, output, proc = site
    assert proc.returncode == 0
    gallery = html / "gallery"
    pages = ["index.html"] + [f"{s.stem}.html" for s in SCRIPTS]
    explorers = sorted(p.name for p in gallery.glob("*_explorer.html"))
    assert len(explorers) >= 2
    count_canvases = """() => { let n = 0; const walk = (root) => root.querySelectorAll('*')
        .forEach(e => { if (e.tagName === 'CANVAS') n++; if (e.shadowRoot) walk(e.shadowRoot); });
        walk(document); return n; }"""
    page, problems = browser_page
    for name in pages + explorers:
        page.goto((gallery / name).as_uri())
        page.wait_for_load_state("load")
        if name in explorers:
            page.wait_for_function(f"({count_canvases})() > 0", timeout=30_000)
        else:
            images = page.evaluate(
                "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
            assert images and all(images), name
        if name.startswith("plot_"):
            assert page.locator("table.verdicts td.pass").count() > 0, name
        assert not problems, (name, problems)
    # Each page links to its explorer, if it made one.
    for explorer in explorers:
        stem = explorer.removesuffix("_explorer.html")
        assert f"href=\"{explorer}\"" in (gallery / f"plot_{stem}.html").read_text() or \
            f"href='{explorer}'" in (gallery / f"plot_{stem}.html").read_text(), explorer


def test_slowest_first_names_existing_pages():
    sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
    import gallery_verdicts
    assert set(gallery_verdicts.SLOWEST_FIRST) <= {script.stem for script in SCRIPTS}
