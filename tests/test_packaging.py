"""Packaging: one version, runtime dependencies = what the library imports, the commit in provenance."""

import ast
import configparser
import importlib.metadata
import pathlib
import shutil
import subprocess
import sys
import zipfile

import pytest

import physics
from physics.ensembles import provenance

ROOT = pathlib.Path(__file__).resolve().parents[1]


def setup_cfg():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return config


def requirement_names(text):
    return {line.split(">")[0].split("=")[0].split("<")[0].strip().lower()
            for line in text.splitlines() if line.strip() and not line.strip().startswith("#")}


def test_one_version():
    assert physics.__version__ == importlib.metadata.version("meso-transport")
    assert setup_cfg()["metadata"]["version"] == "attr: physics.version.__version__"
    assert provenance.provenance()["package_version"] == physics.__version__


def test_runtime_dependencies_are_what_the_library_imports():
    imported = set()
    for package in ("devices", "physics"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Import):
                    imported |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    imported.add(node.module.split(".")[0])
    required = requirement_names(setup_cfg()["options"]["install_requires"])
    assert required <= imported, f"required but never imported: {required - imported}"
    assert not required & {"pytest", "playwright", "panel", "sympy", "distributed"}
    # No exact pins inside the library's requirements: they belong in the constraints file.
    assert "==" not in setup_cfg()["options"]["install_requires"]


def test_commit_from_the_source_tree():
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    assert provenance.source_commit().split("-")[0] == head


def test_commit_of_a_copy_outside_the_source_tree(tmp_path):
    """An installed copy: the recorded COMMIT file, never the commit of a repository around it."""
    outer = tmp_path / "someone_elses_repo"
    package = outer / "site-packages" / "physics"
    shutil.copytree(ROOT / "physics", package, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    assert provenance.source_commit(package) == "unknown"
    (package / "COMMIT").write_text("0123abc\n")
    assert provenance.source_commit(package) == "0123abc"


@pytest.mark.slow
def test_wheel_records_its_commit(tmp_path):
    """`pip wheel` runs setup.py's build hook: the wheel carries physics/COMMIT = HEAD."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    source = tmp_path / "source"  # a clone: the build leaves nothing in the working tree
    subprocess.run(["git", "clone", "-q", str(ROOT), str(source)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path), str(source)], check=True,
                   capture_output=True)
    wheel, = tmp_path.glob("meso_transport-*.whl")
    assert physics.__version__ in wheel.name
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("physics/COMMIT").decode().strip() == head
        assert "physics/transport/landauer.py" in archive.namelist()
