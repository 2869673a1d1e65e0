"""Sphinx configuration of the meso-transport documentation (``make docs``).

The site: the user guide (docs/guide), the API reference generated from the
numpydoc docstrings (docs/api), the project's theory notes (docs/theory) and the
gallery.  Mathematics is rendered by MathJax 2 served from the site itself (the
Debian package libjs-mathjax), so the pages work offline.
"""

import pathlib
import shutil

import physics

project = "meso-transport"
author = "the meso-transport developers"
release = version = physics.__version__
copyright = "2026, the meso-transport developers"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "images/README.md"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
myst_update_mathjax = False  # MathJax 2 (below) keeps its own tex2jax configuration

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_validation_checks = set()
default_role = "py:obj"  # `name` in docstrings links to the object
nitpicky = False

html_theme = "pydata_sphinx_theme"
html_title = f"meso-transport {release}"
html_theme_options = {"navigation_depth": 2, "show_toc_level": 2}
html_context = {"default_mode": "light"}
html_static_path = []

# MathJax 2 from the Debian package, copied into the site (no CDN needed).
MATHJAX_SOURCE = pathlib.Path("/usr/share/javascript/mathjax")
MATHJAX_FILES = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/local",
                 "jax/output/CommonHTML", "jax/output/PreviewHTML", "jax/element",
                 "jax/input/TeX", "extensions",
                 "fonts/HTML-CSS/TeX/woff", "localization/en"]
mathjax_path = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full"
mathjax3_config = mathjax4_config = None  # MathJax 2: no v3/v4 window.MathJax object
mathjax2_config = {"tex2jax": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]],
                               "processEscapes": True}}


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    if not (MATHJAX_SOURCE / "MathJax.js").exists():
        raise RuntimeError("MathJax not found: install the Debian package libjs-mathjax "
                           "(make installs it)")
    target = pathlib.Path(app.outdir) / "_static" / "mathjax"  # mathjax_path is relative to _static
    for name in MATHJAX_FILES:
        source = MATHJAX_SOURCE / name
        if not source.exists():
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)


def setup(app):
    app.connect("build-finished", copy_mathjax)
