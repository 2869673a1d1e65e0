"""Provenance: what made a dataset, in JSON-serializable form, and how to rebuild it."""

import datetime
import json
import pathlib
import platform
import subprocess

__all__ = ["describe_device", "device_from_description", "provenance", "source_commit", "dumps",
           "jsonable",
           "SEED_SCHEME"]

SEED_SCHEME = ("Disorder realization = SplitMix64 hash of (seed, stream, integer site tags) "
               "(devices.random_fields.hash_uniform); independent of field, energy, process "
               "and worker count.")


def jsonable(value):
    """``value`` with tuples as lists and numpy scalars as Python numbers (for JSON)."""
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def describe_device(device):
    """A JSON-able description from which `device_from_description` rebuilds the device
    (`devices.description.describe`)."""
    from devices.description import describe
    return describe(device)


def device_from_description(description):
    """Rebuild a device from `describe_device` output."""
    from devices.description import from_description
    return from_description(description)


def source_commit(package=None):
    """The commit the ``physics`` package comes from, ``-dirty`` if changed; "unknown" if not known.

    From a source tree (an editable install or a checkout on ``sys.path``: the
    package's parent is a git work tree with this project's setup.cfg) git is
    asked; an installed wheel carries the commit it was built from in
    ``physics/COMMIT`` (written by setup.py).  Never the commit of some other
    repository that happens to contain the installation.
    """
    package = pathlib.Path(__file__).resolve().parents[1] if package is None else pathlib.Path(package)
    root = package.parent
    if (root / ".git").exists() and (root / "setup.cfg").is_file() and \
            "name = meso-transport" in (root / "setup.cfg").read_text():
        try:
            commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                                    capture_output=True, text=True, timeout=10)
            dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                                    "--untracked-files=no"], capture_output=True, text=True,
                                   timeout=10)
        except (OSError, subprocess.SubprocessError):
            return "unknown"
        if commit.returncode != 0:
            return "unknown"
        return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    recorded = package / "COMMIT"
    if recorded.is_file():
        return recorded.read_text().strip() or "unknown"
    return "unknown"


def provenance():
    """Versions, commit, machine and date: attributes stored with every dataset."""
    import kwant
    import numpy
    import scipy
    from ..version import __version__
    return {
        "package_version": __version__,
        "git_commit": source_commit(),
        "kwant_version": kwant.__version__,
        "numpy_version": numpy.__version__,
        "scipy_version": scipy.__version__,
        "python_version": platform.python_version(),
        "host": platform.node(),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seed_scheme": SEED_SCHEME,
    }


def dumps(value):
    """Canonical JSON (sorted keys) used to store and compare configurations."""
    return json.dumps(value, sort_keys=True, default=jsonable)
