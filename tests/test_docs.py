"""The documentation site: `make docs` builds it (the `site` fixture, shared with the
gallery tests), and it works in headless Chromium.

Checked: the build succeeds from the sources; every public object of `devices`
and `physics` has a docstring and an API page; the user guide, the theory notes
and the API reference load without console errors, every image is present and
every formula is typeset by MathJax (no TeX source left on the page).
"""

import importlib
import inspect
import pathlib
import pkgutil

import pytest

import devices
import physics

ROOT = pathlib.Path(__file__).resolve().parents[1]


def public_objects():
    """``(module name, object name, object)`` for every name in a module's ``__all__``
    defined in that module, and every module."""
    for package in (devices, physics):
        yield package.__name__, None, package
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            yield info.name, None, module
            for name in getattr(module, "__all__", []):
                obj = getattr(module, name)
                if (inspect.isfunction(obj) or inspect.isclass(obj)) and \
                        obj.__module__ == module.__name__:
                    yield info.name, name, obj


def test_every_public_object_has_a_docstring():
    missing = [f"{module}.{name}" if name else module
               for module, name, obj in public_objects() if not (obj.__doc__ or "").strip()]
    assert not missing, missing


@pytest.mark.slow
def test_the_site_builds_with_an_api_page_per_module(site):
    output, _, proc = site
    assert proc.returncode == 0, proc.stderr[-3000:]
    for module, name, _ in public_objects():
        if name is None:
            assert (output / "api" / "generated" / f"{module}.html").exists(), module
    for page in ("index", "guide/index", "theory/README", "api/index"):
        assert (output / f"{page}.html").exists(), page


@pytest.mark.slow
def test_pages_in_headless_chromium(site, browser_page):
    output, _, proc = site
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = (["index.html", "api/index.html", "api/generated/physics.transport.landauer.html",
              "api/generated/physics.theory.diffusive.html"]
             + sorted(str(p.relative_to(output)) for p in (output / "theory").glob("*.html"))
             + sorted(str(p.relative_to(output)) for p in (output / "guide").glob("*.html")))
    page, problems = browser_page
    typeset = 0
    for name in pages:
        page.goto((output / name).as_uri())
        page.wait_for_load_state("load")
        formulas = page.locator("span.math, div.math").count()
        if formulas:
            # MathJax 2 has finished when its queue has run: every formula typeset.
            page.wait_for_function("() => window.MathJax && MathJax.Hub && "
                                   "MathJax.Hub.queue.pending === 0 && "
                                   "document.querySelectorAll('.MathJax_Preview:not(:empty)')"
                                   ".length === 0", timeout=30_000)
            rendered = page.locator(".mjx-chtml").count()
            assert rendered >= formulas, (name, rendered, formulas)
            assert page.locator(".MathJax_Error, merror").count() == 0, name
            typeset += rendered
        images = page.evaluate(
            "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
        assert all(images), name
        assert not problems, (name, problems)
    assert typeset > 100  # the theory notes are full of formulas
