"""The wheel carries the katas, the reference solutions and the pytest configuration.

They are copied into `grading/kit/` at build time, where `grading.paths` finds them when the
kit is installed as a tool (`pipx install`, `uv tool install`) and no checkout is at hand. A
build from a tree without them fails instead of installing a kit with nothing in it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
KIT_DATA = ("katas", "reference", "pyproject.toml")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")


class BuildWithKatas(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout itself
        target = Path(self.build_lib) / "grading" / "kit"
        for name in KIT_DATA:
            source = ROOT / name
            if not source.exists():
                raise SystemExit(f"cannot build the kit: {source} is missing")
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=SKIPPED, dirs_exist_ok=True)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)
        if not any((target / "katas").glob("*/kata.toml")):
            raise SystemExit("cannot build the kit: katas/ holds no kata.toml")


setup(cmdclass={"build_py": BuildWithKatas})
