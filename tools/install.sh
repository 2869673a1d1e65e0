#!/usr/bin/env bash
# Create .venv with Kwant 1.5.0 (built from the PyPI sdist, Cython regenerated
# against numpy 2, linked to Debian's MUMPS) and this project's dependencies.
# Called by `make`; safe to run again: a cached Kwant wheel makes it take seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
CONSTRAINTS=requirements/constraints.txt
KWANT_VERSION=1.5.0
WHEELHOUSE=${WHEELHOUSE:-${XDG_CACHE_HOME:-$HOME/.cache}/meso-transport/wheels}

"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' || {
    echo "error: Python >= 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
PY="$PWD/$VENV/bin/python"
pip_install() { "$PY" -m pip install --disable-pip-version-check -q -c "$CONSTRAINTS" "$@"; }

# Build requirements of Kwant (and of this package, installed without isolation).
pip_install cython numpy scipy tinyarray setuptools packaging wheel

have_mumps_kwant() {
    "$PY" - <<'PY' 2>/dev/null
import kwant, kwant.solvers.default as d
assert kwant.__version__ == "1.5.0", kwant.__version__
assert d.smodule.__name__ == "kwant.solvers.mumps", d.smodule.__name__
PY
}

if ! have_mumps_kwant; then
    numpy_version=$("$PY" -c 'import numpy; print(numpy.__version__)')
    py_tag=$("$PY" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
    cache="$WHEELHOUSE/kwant-$KWANT_VERSION-$py_tag-numpy$numpy_version"
    wheel=$(ls "$cache"/kwant-"$KWANT_VERSION"-*.whl 2>/dev/null | head -n1 || true)
    if [ -z "$wheel" ]; then
        echo "Building Kwant $KWANT_VERSION with MUMPS (about 2 minutes, once; cached in $cache)"
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT
        "$PY" -m pip download --disable-pip-version-check -q --no-deps --no-binary :all: \
            "kwant==$KWANT_VERSION" -d "$tmp"
        tar xzf "$tmp/kwant-$KWANT_VERSION.tar.gz" -C "$tmp"
        # --cython regenerates the C sources: the bundled ones do not compile against numpy 2.
        (cd "$tmp/kwant-$KWANT_VERSION" &&
            "$PY" setup.py --cython bdist_wheel -d "$tmp/dist" >"$tmp/build.log" 2>&1) || {
            tail -n 40 "$tmp/build.log" >&2; echo "error: Kwant build failed" >&2; exit 1; }
        if ! grep -q "Auto-configured MUMPS" "$tmp/build.log"; then
            grep -A8 -i "build configuration" "$tmp/build.log" >&2 || true
            echo "error: Kwant was built without MUMPS; is libmumps-scotch-dev installed?" >&2
            exit 1
        fi
        mkdir -p "$cache"
        mv "$tmp"/dist/kwant-*.whl "$cache"/
        wheel=$(ls "$cache"/kwant-"$KWANT_VERSION"-*.whl | head -n1)
    fi
    "$PY" -m pip install --disable-pip-version-check -q --no-deps --force-reinstall "$wheel"
    have_mumps_kwant || { echo "error: Kwant installed but MUMPS is not its default solver" >&2; exit 1; }
fi

# This project (editable) and its pinned dependencies.
pip_install --no-build-isolation -e ".[all]"
echo "environment ready: $VENV (Kwant $KWANT_VERSION with MUMPS)"
