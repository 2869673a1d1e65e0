"""Provenance: what made a dataset, in JSON-serializable form, and how to rebuild it."""

import datetime
import json
import pathlib
import platform
import subprocess

__all__ = ["describe_device", "device_from_description", "provenance", "SEED_SCHEME"]

SEED_SCHEME = ("Disorder realization = SplitMix64 hash of (seed, stream, integer site tags) "
               "(devices.random_fields.hash_uniform); independent of field, energy, process "
               "and worker count.")


def _jsonable(value):
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
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


def _git_commit():
    root = pathlib.Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                                capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if commit.returncode != 0:
        return "unknown"
    return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def provenance():
    """Versions, commit, machine and date: attributes stored with every dataset."""
    import kwant
    import numpy
    import scipy
    try:
        from importlib.metadata import version
        package_version = version("meso-transport")
    except Exception:  # not installed (e.g. run from a source tree)
        package_version = "unknown"
    return {
        "package_version": package_version,
        "git_commit": _git_commit(),
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
    return json.dumps(value, sort_keys=True, default=_jsonable)
