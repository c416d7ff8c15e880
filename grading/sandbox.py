"""Isolation for grading untrusted submissions.

Only the solution modules are taken from a submission, into a fresh copy of the kit that holds no
reference solutions. Each kata's tests run from that copy; the solution itself runs in a worker
process confined by bubblewrap (grading/split/launch.py, confine.py).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grading import paths
from grading.metadata import Kata
from grading.testkit.ramdisk import ram_directory

MAX_SOLUTION_BYTES = 1_000_000


class SubmissionError(ValueError):
    """A submission the grader cannot take; the message says why."""


def submission_workspace(submission: Path) -> Path:
    """A workspace directory, or a kit checkout with a `workspace/` inside."""
    if not submission.is_dir():
        raise SubmissionError(f"submission {submission} is not a directory")
    nested = submission / paths.DEFAULT_WORKSPACE
    if nested.is_dir() and (submission / "katas").is_dir():
        return nested
    return submission


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Sandbox:
    """A private copy of the kit with some katas' tests, their solutions and a scratch directory."""

    root: Path
    kit: Path
    workspace: Path
    scratch: Path
    hashes: dict[str, str]
    shared: Path  # SQLite files the tests and the solution's worker both open (in RAM)

    @property
    def read_only(self) -> list[Path]:
        return [self.kit, self.workspace]

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.shared, ignore_errors=True)


def _take_solution(source: Path, target: Path) -> str | None:
    """Copy one solution module if it is a plain, reasonably sized file; return its hash."""
    if source.is_symlink() or not source.is_file():
        return None
    if source.stat().st_size > MAX_SOLUTION_BYTES:
        raise SubmissionError(f"{source.name} is larger than {MAX_SOLUTION_BYTES} bytes")
    shutil.copyfile(source, target)
    return sha256(target)


def build_sandbox(
    katas: tuple[Kata, ...], workspace: Path | None, extra_tests: Path | None
) -> Sandbox:
    """Copy the kit's code and these katas' tests (no reference, no mutants) and the solutions.

    Every sandbox lays tests out alike (`katas/<slug>/`, a pack in `katas/<slug>/extra_tests/`),
    so test ids collected in one sandbox name the same tests in another.
    """
    root = Path(tempfile.mkdtemp(prefix="kata-grade-"))
    kit = root / "kit"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants", "alternatives")
    shutil.copytree(paths.KIT_ROOT / "grading", kit / "grading", ignore=skip)
    shutil.copyfile(paths.KIT_ROOT / "pyproject.toml", kit / "pyproject.toml")
    solutions = root / "workspace"
    solutions.mkdir()
    hashes = {}
    for kata in katas:
        shutil.copytree(kata.directory, kit / "katas" / kata.slug, ignore=skip)
        pack = extra_tests / kata.slug if extra_tests else None
        if pack and pack.is_dir():
            shutil.copytree(pack, kit / "katas" / kata.slug / "extra_tests", ignore=skip)
        name = f"{kata.slug}.py"
        digest = _take_solution(workspace / name, solutions / name) if workspace else None
        if digest:
            hashes[name] = digest
    scratch = root / "scratch"
    scratch.mkdir()
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shared = Path(tempfile.mkdtemp(prefix="kata-shared-", dir=ram_directory()))
    return Sandbox(root, kit, solutions, scratch, hashes, shared)
