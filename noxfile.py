"""Sessions: `nox` scores your workspace; `nox -s test` runs the kit's own test suite."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nox

nox.options.sessions = ["katas"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "uv|virtualenv"

ROOT = Path(__file__).resolve().parent
# What decides an install: an unchanged set skips `pip install` (the editable install already
# follows every change to the code itself).
INSTALL_INPUTS = ("pyproject.toml", "setup.py")


def install_kit(session: nox.Session, extras: str = "") -> None:
    """Install the kit (editable) unless this environment already holds this very install."""
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256(spec.encode())
    for name in INSTALL_INPUTS:
        digest.update((ROOT / name).read_bytes())
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location) / ".kit-installed" if location else None
    if stamp is not None and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return
    session.install("-e", spec)
    if stamp is not None:
        stamp.write_text(digest.hexdigest())


@nox.session
def katas(session: nox.Session) -> None:
    """Run the katas against your workspace and print your progress score."""
    install_kit(session)
    session.run("kata", "test", *session.posargs)


@nox.session
def start(session: nox.Session) -> None:
    """Copy a kata's stub into your workspace: nox -s start -- SLUG."""
    install_kit(session)
    session.run("kata", "start", *session.posargs)


@nox.session
def grade(session: nox.Session) -> None:
    """Grade a submission for CI: nox -s grade -- SUBMISSION [--out DIR] [--fail-under PCT]."""
    install_kit(session)
    session.run("kata", "grade", *session.posargs)


@nox.session
def test(session: nox.Session) -> None:
    """Run the kit's own test suite: stubs score 0, references 100%, mutants are caught."""
    install_kit(session, "dev")
    session.run("ruff", "check", ".")
    # Twice the cores: many kit tests wait on subprocesses, sandboxes and clocks, not compute.
    session.run("pytest", "tests", "-n", str(2 * (os.cpu_count() or 1)), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff and mypy over the kit."""
    install_kit(session, "dev")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "grading", "noxfile.py")
    session.run("mypy")


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Regenerate the kata table in README.md from the katas' metadata."""
    install_kit(session)
    session.run("python", "-m", "grading.catalog", "README.md")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time each reference against its established library; write docs/benchmarks.md."""
    install_kit(session, "bench")
    session.run("python", "-m", "grading.bench", *session.posargs)


@nox.session(default=False)
def mutation(session: nox.Session) -> None:
    """Mutation-test the references with their katas' tests: nox -s mutation -- [SLUG ...]."""
    session.install("-e", ".[mutation]")
    session.run("python", "-m", "grading.mutation_run", *session.posargs)
