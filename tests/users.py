"""Run the grader as root or as an unprivileged user, whichever this suite runs as.

Run as root, the suite makes an unprivileged user for the second case: a user id of no account,
in a mount namespace where the interpreter is reachable (it may live under /root, which only root
may enter), everything else as it is.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from grading import paths
from grading.confine import python_dirs

UNPRIVILEGED_UID = 54_321
USERS = ["root", "unprivileged"]


def skip_unless_possible(user: str) -> None:
    if user == "root" and os.geteuid() != 0:
        pytest.skip("the suite does not run as root")
    if user == "unprivileged" and os.geteuid() == 0 and not shutil.which("bwrap"):
        pytest.skip("becoming an unprivileged user needs bubblewrap")


def _reachable(directory: Path, made: set[Path]) -> list[str]:
    """bwrap steps that make `directory` reachable by anyone, hiding what shares its parents."""
    closed = next(
        (p for p in reversed(directory.parents) if not p.stat().st_mode & stat.S_IXOTH), None
    )
    if closed is None:
        return []
    steps = [] if closed in made else ["--perms", "0755", "--tmpfs", str(closed)]
    made.add(closed)
    for parent in reversed(directory.parents):
        if closed in parent.parents and parent not in made:
            made.add(parent)
            steps += ["--perms", "0755", "--dir", str(parent)]
    return [*steps, "--ro-bind", str(directory), str(directory)]


def as_user(user: str, command: list[str]) -> list[str]:
    if user == "root" or os.geteuid() != 0:
        return command
    steps = ["bwrap", "--dev-bind", "/", "/"]
    made: set[Path] = set()
    for directory in [*python_dirs(), paths.KIT_ROOT]:
        steps += _reachable(directory, made)
    uid = str(UNPRIVILEGED_UID)
    drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    return [*steps, "--", *drop, *command]


@contextmanager
def shared_dir() -> Iterator[Path]:
    """A directory both users can use: submissions, reports."""
    directory = Path(tempfile.mkdtemp(prefix="kata-test-"))
    try:
        directory.chmod(0o777)
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def give(path: Path, user: str) -> None:
    if user == "unprivileged" and os.geteuid() == 0:
        os.chown(path, UNPRIVILEGED_UID, UNPRIVILEGED_UID)


def grade_command(submission: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "grading", "grade", str(submission), "--out", str(out),
            "--timeout", "20", *extra]  # fmt: skip


def run_grader(
    user: str, submission: Path, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        as_user(user, grade_command(submission, out, *extra)),
        cwd=paths.KIT_ROOT, capture_output=True, text=True, check=False, timeout=180,
    )  # fmt: skip
