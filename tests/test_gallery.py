"""The gallery, built as `make gallery` builds it (quick mode): verdicts and HTML.

Every page must report only PASS verdicts; the HTML site is then loaded in
headless Chromium (Debian's chromium, driven by Playwright): no console
errors, every image present, and the interactive explorers render.
"""

import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "gallery").glob("plot_*.py"))
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def gallery(tmp_path_factory):
    output = tmp_path_factory.mktemp("gallery")
    proc = subprocess.run([sys.executable, str(ROOT / "gallery" / "build.py"),
                           "--output", str(output)], capture_output=True, text=True)
    return output, proc


@pytest.mark.slow
def test_every_page_passes(gallery):
    output, proc = gallery
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert len(SCRIPTS) >= 9
    verdicts = [line for line in proc.stdout.splitlines() if line.startswith("CHECK ")]
    assert verdicts and all(line.endswith("PASS") for line in verdicts)
    for script in SCRIPTS:
        name = script.stem.removeprefix("plot_")
        assert (output / f"{name}.png").stat().st_size > 10_000, name
        assert (output / f"{name}.html").exists(), name
        checks = json.loads((output / f"{name}.json").read_text())["checks"]
        assert checks and all(c["ok"] for c in checks), name
    # The spin-orbit field is a verdict (quick mode reports nothing without one).
    wal = json.loads((output / "weak_antilocalization_dephasing.json").read_text())
    assert any(c["name"].startswith("(b) L_so from the ILP fit") for c in wal["checks"])
    assert wal["reported"] == []
    html = (output / "weak_antilocalization_dephasing.html").read_text()
    assert "(b) L_so from the ILP fit" in html and "Reported, not verdicts" not in html


def test_reported_comparisons_get_their_own_table():
    sys.path.insert(0, str(ROOT / "gallery"))
    import build
    table = build._reported_table([dict(name="(b') L_so, 80×80 film", simulated=13.8,
                                        error=1.3, reference=10.0, unit="a", note="edges")])
    assert "Reported, not verdicts" in table and "(b&#x27;) L_so, 80×80 film" in table
    assert "13.8 ± 1.3 a" in table and build._reported_table([]) == ""


@pytest.mark.slow
def test_html_in_headless_chromium(gallery):
    output, proc = gallery
    assert proc.returncode == 0
    from playwright.sync_api import sync_playwright
    pages = sorted(p.name for p in output.glob("*.html"))
    explorers = [p for p in pages if p.endswith("_explorer.html")]
    assert "index.html" in pages and len(explorers) >= 2
    count_canvases = """() => { let n = 0; const walk = (root) => root.querySelectorAll('*')
        .forEach(e => { if (e.tagName === 'CANVAS') n++; if (e.shadowRoot) walk(e.shadowRoot); });
        walk(document); return n; }"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        try:
            page = browser.new_page()
            problems = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
            for name in pages:
                page.goto((output / name).as_uri())
                page.wait_for_load_state("load")
                if name in explorers:
                    page.wait_for_function(f"({count_canvases})() > 0", timeout=30_000)
                else:
                    images = page.evaluate(
                        "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
                    assert images and all(images), name
                assert not problems, (name, problems)
        finally:
            browser.close()


def test_slowest_first_names_existing_pages():
    sys.path.insert(0, str(ROOT / "gallery"))
    import build
    assert set(build.SLOWEST_FIRST) <= {script.stem for script in SCRIPTS}
