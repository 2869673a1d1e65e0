"""Build hook: record the source commit in the package (physics/COMMIT) at build time,
so that the provenance of a non-editable install names the commit it was built from
(`physics.ensembles.provenance.source_commit`).  Everything else is in setup.cfg."""

import pathlib
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCommit(build_py):
    def run(self):
        super().run()
        root = pathlib.Path(__file__).resolve().parent
        try:
            commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                                    capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            commit = ""
        if commit and not self.editable_mode:
            target = pathlib.Path(self.build_lib) / "physics" / "COMMIT"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(commit + "\n")


setup(cmdclass={"build_py": BuildWithCommit})
