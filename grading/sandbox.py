"""Isolation for grading untrusted submissions.

Only the solution modules are taken from a submission, into a fresh copy of the kit that holds no
reference solutions. Each kata's pytest process then runs with resource limits and, where the
grader is root, as a throwaway user in a mount namespace that hides the kit's own checkout.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grading import paths
from grading.metadata import Kata

MAX_SOLUTION_BYTES = 1_000_000
MEMORY_LIMIT_BYTES = 3 * 1024**3
FILE_SIZE_LIMIT_BYTES = 64 * 1024**2
PROCESS_LIMIT = 1024  # threads count as processes for this limit


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

    @property
    def read_only(self) -> list[Path]:
        return [self.kit, self.workspace]

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


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
    return Sandbox(root, kit, solutions, scratch, hashes)


def privileged() -> bool:
    """Root with the tools for private namespaces and dropped capabilities."""
    tools = ("unshare", "setpriv", "prlimit")
    return os.geteuid() == 0 and all(shutil.which(t) for t in tools)


def isolation_name() -> str:
    if privileged():
        return "namespaced: kit read-only, reference hidden, no capabilities, resource limits"
    if shutil.which("prlimit"):
        return "resource limits only (run as root for namespaces that hide the reference)"
    return "time limits only (prlimit not found)"


def isolated_command(
    command: list[str], cpu_seconds: int, read_only: list[Path], hidden: list[Path]
) -> list[str]:
    """Wrap `command` in resource limits and, as root, private PID and mount namespaces.

    In the namespaces the kit checkout and `read_only` paths are read-only, `hidden` paths (the
    reference, the kit's history, the output directory) are covered by empty read-only mounts,
    and the process keeps no capabilities, so it can neither undo the mounts nor signal the
    grader. When the test process ends, the PID namespace takes every process it forked with it.
    """
    limits = [
        f"--as={MEMORY_LIMIT_BYTES}",
        f"--cpu={cpu_seconds}",
        f"--fsize={FILE_SIZE_LIMIT_BYTES}",
    ]
    if not privileged():
        return ["prlimit", *limits, "--", *command] if shutil.which("prlimit") else command
    # Without capabilities the process limit applies to root too; it counts all root processes.
    limits.append(f"--nproc={_root_processes() + PROCESS_LIMIT}")
    steps = []
    for path in [paths.KIT_ROOT, *read_only]:
        quoted = shlex.quote(str(path))
        steps += [f"mount --bind {quoted} {quoted}", f"mount -o remount,bind,ro {quoted}"]
    steps += [
        f"mount -t tmpfs -o ro,size=4k kata-hidden {shlex.quote(str(p))}"
        for p in hidden
        if p.is_dir()
    ]
    script = " && ".join(steps) + ' && exec "$@"'
    drop = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"]
    return [
        "unshare", "--mount", "--pid", "--fork", "--mount-proc", "--propagation", "private",
        "--", "sh", "-c", script, "sh", *drop, "prlimit", *limits, "--", *command,
    ]  # fmt: skip


def _root_processes() -> int:
    count = 0
    for process in Path("/proc").glob("[0-9]*"):
        try:
            count += process.stat().st_uid == 0
        except OSError:  # ended while we counted
            continue
    return count
