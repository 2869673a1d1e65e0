# Two entry points (see README):  `make test`  and  `make gallery`.
# Each installs whatever is missing first: Debian packages, .venv, Kwant with MUMPS.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := libmumps-scotch-dev gfortran libopenblas-dev pkg-config chromium libjs-mathjax
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: test gallery docs bench install system-packages clean

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The main job: the documentation site with the gallery run (sphinx-gallery, quick mode,
# about 9 minutes on 2 cores); FULL=1 for publication sizes, PAGES="qpc|ucf" to run only
# the pages whose names match (the others are shown without output).
gallery: docs
	@echo "gallery written to docs/_build/html/gallery/index.html"

# The documentation site (user guide, gallery, API reference, theory notes):
# docs/_build/html/index.html.
docs: $(STAMP)
	MESO_GALLERY_FULL=$(if $(FULL),1,0) $(if $(PAGES),MESO_GALLERY_PATTERN='/plot_($(PAGES))',) \
	    $(PY) -m sphinx -q -W --keep-going -b html docs docs/_build/html

# Benchmarks against plain Kwant; writes benchmarks/results.md and the README table.
bench: $(STAMP)
	$(PY) benchmarks/run.py --readme README.md

install: $(STAMP)

$(STAMP): setup.cfg setup.py pyproject.toml requirements/constraints.txt tools/install.sh
	@$(MAKE) --no-print-directory system-packages
	PYTHON=$(PYTHON) tools/install.sh
	@touch $@

# Debian packages Kwant needs to build and link MUMPS.  Installed when root,
# otherwise the exact command is printed and make stops.
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "installing Debian packages: $$missing"; \
	        export DEBIAN_FRONTEND=noninteractive; \
	        apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 \
	        || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing; }; \
	    else \
	        echo "Missing Debian packages. Run as root:"; \
	        echo "    sudo apt-get install -y --no-install-recommends $$missing"; \
	        exit 1; \
	    fi; \
	fi

clean:
	rm -rf $(VENV) gallery/_build docs/_build docs/api/generated docs/gallery .pytest_cache
