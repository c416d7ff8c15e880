"""Sessions: `nox` scores your workspace; `nox -s test` runs the kit's own test suite."""

from __future__ import annotations

import nox

nox.options.sessions = ["katas"]
nox.options.reuse_venv = "yes"
nox.options.default_venv_backend = "uv|virtualenv"


@nox.session
def katas(session: nox.Session) -> None:
    """Run the katas against your workspace and print your progress score."""
    session.install("-e", ".")
    session.run("kata", "test", *session.posargs)


@nox.session
def start(session: nox.Session) -> None:
    """Copy a kata's stub into your workspace: nox -s start -- SLUG."""
    session.install("-e", ".")
    session.run("kata", "start", *session.posargs)


@nox.session
def grade(session: nox.Session) -> None:
    """Grade a submission for CI: nox -s grade -- SUBMISSION [--out DIR] [--fail-under PCT]."""
    session.install("-e", ".")
    session.run("kata", "grade", *session.posargs)


@nox.session
def test(session: nox.Session) -> None:
    """Run the kit's own test suite: stubs score 0, references 100%, mutants are caught."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", ".")
    session.run("pytest", "tests", "-n", "auto", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff and mypy over the kit."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "grading", "noxfile.py")
    session.run("mypy")


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Regenerate the kata table in README.md from the katas' metadata."""
    session.install("-e", ".")
    session.run("python", "-m", "grading.catalog", "README.md")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time each reference against its established library; write docs/benchmarks.md."""
    session.install("-e", ".[bench]")
    session.run("python", "-m", "grading.bench", *session.posargs)


@nox.session(default=False)
def mutation(session: nox.Session) -> None:
    """Mutation-test the references with their katas' tests: nox -s mutation -- [SLUG ...]."""
    session.install("-e", ".[mutation]")
    session.run("python", "-m", "grading.mutation_run", *session.posargs)
