"""Sphinx configuration of the meso-transport documentation (``make docs``).

The site: the user guide (docs/guide), the API reference generated from the
numpydoc docstrings (docs/api), the project's theory notes (docs/theory) and the
gallery.  Mathematics is rendered by MathJax 2 served from the site itself (the
Debian package libjs-mathjax), so the pages work offline.
"""

import os
import pathlib
import shutil
import sys

import physics

DOCS = pathlib.Path(__file__).resolve().parent
GALLERY = DOCS.parent / "gallery"
sys.path[:0] = [str(DOCS / "sphinxext"), str(GALLERY)]
# The gallery pages write their figures, verdicts (JSON) and explorers here (gallery/_common.py);
# explorers are copied to EXTRA, which the site serves next to the pages.
os.environ.setdefault("MESO_GALLERY_OUTPUT", str(DOCS / "_build" / "gallery_output"))
os.environ.setdefault("MESO_GALLERY_EXTRA", str(DOCS / "_build" / "gallery_extra"))
os.environ.setdefault("MPLBACKEND", "Agg")
(pathlib.Path(os.environ["MESO_GALLERY_EXTRA"]) / "gallery").mkdir(parents=True, exist_ok=True)

from gallery_verdicts import SlowestFirst, VerdictScraper  # noqa: E402

project = "meso-transport"
author = "the meso-transport developers"
release = version = physics.__version__
copyright = "2026, the meso-transport developers"

# sphinx_gallery_conf holds the verdict scraper and the page order (objects): Sphinx cannot
# pickle it into its environment cache, which only costs a full re-read on the next build.
suppress_warnings = ["config.cache"]

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "images/README.md", "gallery/*.py", "gallery/*.ipynb",
                    "gallery/*.codeobj.json", "gallery/*.md5", "gallery/*.zip"]
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
html_extra_path = [os.environ["MESO_GALLERY_EXTRA"]]
html_css_files = ["verdicts.css"]
html_static_path = ["_static"]

# The gallery (sphinx-gallery runs gallery/plot_*.py; quick mode unless MESO_GALLERY_FULL=1).
# MESO_GALLERY_RUN=0 builds the pages without running them (text and code only).
sphinx_gallery_conf = {
    "examples_dirs": str(GALLERY),
    "gallery_dirs": "gallery",
    "filename_pattern": os.environ.get("MESO_GALLERY_PATTERN", r"/plot_"),
    "ignore_pattern": r"(build|_common)\.py",
    "image_scrapers": ("matplotlib", VerdictScraper()),
    "parallel": int(os.environ.get("MESO_GALLERY_JOBS", os.cpu_count() or 1)),
    "plot_gallery": os.environ.get("MESO_GALLERY_RUN", "1") != "0",
    # Every build runs every page (a cached page would leave no verdicts in MESO_GALLERY_OUTPUT).
    "run_stale_examples": True,
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "within_subsection_order": SlowestFirst,
    "download_all_examples": False,
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 1e9,
}

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
