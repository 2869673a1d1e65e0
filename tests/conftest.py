import os
import pathlib
import signal
import subprocess
import sys

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import devices


@pytest.fixture(scope="session", autouse=True)
def single_threaded_blas():
    """One BLAS thread, as in the ensembles and gallery pages: small dense problems
    are slower with threads, dramatically so when the cores are shared."""
    with threadpool_limits(limits=1):
        yield


#: The project's fast solvers (physics.conductance's ``solver=``), each compared with Kwant.
FAST_SOLVERS = ("sparse", "slice")


@pytest.fixture(params=FAST_SOLVERS)
def fast_solver(request):
    """Each fast solver in turn: ``fast_solver.name`` and ``fast_solver.applies(device)``."""
    from physics.transport import solvers

    class FastSolver(str):
        def applies(self, device, two_terminal=True):
            if self == "slice":
                return two_terminal and solvers.SliceGreensSolver.applies(device)
            return True

    return FastSolver(request.param)


@pytest.fixture(scope="session")
def small_wire():
    return devices.Wire(width=8, length=16)


@pytest.fixture(scope="session")
def spin_wire():
    return devices.Wire(width=6, length=12, spin=True)


def assert_close(actual, expected, tol, what):
    """Absolute agreement within ``tol``, with a message saying what was compared."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    error = np.max(np.abs(actual - expected))
    assert error <= tol, f"{what}: max deviation {error:.3g} > {tol:g}"


def _uses_site(item):
    return "site" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(session, config, items):
    """The tests of the site last: its build runs in the background meanwhile (`site`)."""
    items.sort(key=_uses_site)  # stable: otherwise the collection order


@pytest.fixture(scope="session", autouse=True)
def _site_build(request, tmp_path_factory):
    """Start building the site, as `make gallery` builds it (quick mode), at the start of the
    session when any selected test needs it: the gallery pages then share the cores with the
    other tests instead of running after them (they are most of the session's time)."""
    if not any(_uses_site(item) for item in request.session.items):
        yield None
        return
    root = pathlib.Path(__file__).resolve().parents[1]
    base = tmp_path_factory.mktemp("site")
    env = dict(os.environ, MESO_GALLERY_OUTPUT=str(base / "gallery_output"),
               MESO_GALLERY_EXTRA=str(base / "gallery_extra"), MESO_GALLERY_FULL="0")
    # -W: a docstring or page that Sphinx cannot render is a failure, not a warning.
    args = [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html",
            "-d", str(base / "doctrees"), str(root / "docs"), str(base / "html")]
    # Files, not pipes: nobody reads a pipe while the tests run, and a full one blocks sphinx.
    with open(base / "stdout", "w") as stdout, open(base / "stderr", "w") as stderr:
        proc = subprocess.Popen(args, stdout=stdout, stderr=stderr, cwd=root, env=env,
                                start_new_session=True)
    try:
        yield base, args, proc
    finally:
        if proc.poll() is None:  # the session ended early (-x, Ctrl-C): no orphaned build
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="session")
def site(_site_build):
    """The documentation site built as `make gallery` builds it (quick mode), once per session.

    Returns ``(html, gallery_output, process)``: the site's directory, where the gallery
    pages wrote their figures and verdicts (JSON), and the finished sphinx process
    (``returncode``, ``stdout``, ``stderr``).
    """
    base, args, proc = _site_build
    proc.wait()
    finished = subprocess.CompletedProcess(args, proc.returncode,
                                           (base / "stdout").read_text(),
                                           (base / "stderr").read_text())
    return base / "html", base / "gallery_output", finished


@pytest.fixture
def browser_page():
    """A headless-Chromium page (Debian's chromium driven by Playwright) and the list that
    collects its problems: console errors, page errors and failed requests."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        try:
            page = browser.new_page()
            problems = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
            yield page, problems
        finally:
            browser.close()
