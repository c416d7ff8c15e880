"""Helpers for the kit's own tests: run a kata the way the runner does, and read mutants."""

from __future__ import annotations

import os
import re
import tempfile
from functools import cache
from pathlib import Path

from grading import paths
from grading.metadata import Kata
from grading.results import RunRecord
from grading.runner import KataRun, RunOptions, pytest_args, run_kata, run_pytest
from grading.score import gated

CATEGORY_LINE = re.compile(r"^category:\s*(\w+)\s*$", re.MULTILINE)


def run_with(
    kata: Kata,
    solution: Path,
    categories: str | None = None,
    isolation: str = "in-process",
    first_failure: bool = False,
) -> KataRun:
    # Full pytest detail in the output: a failure here is the kit's, and needs its traceback.
    options = RunOptions(
        overrides={kata.slug: solution},
        categories=categories,
        reveal=True,
        isolation=isolation,
        first_failure=first_failure,
    )
    return run_kata(kata, options)


def caught(run: KataRun, category: str) -> list[str]:
    """Tests of `category` that failed in their own right: not held back by their part's other
    tests, and not left unrun by a run that stopped at its first failure."""
    return sorted(
        t.id
        for t in run.result.tests
        if not t.passed and t.category == category and not gated(t) and t.reason != "did not run"
    )


def mutant_category(path: Path) -> str:
    match = CATEGORY_LINE.search(path.read_text(encoding="utf-8"))
    if not match:
        raise AssertionError(f"{path}: the docstring needs a line `category: <category>`")
    return match.group(1)


def mutants(kata: Kata) -> list[Path]:
    return sorted((kata.directory / "mutants").glob("*.py"))


def alternatives(kata: Kata) -> list[Path]:
    """Correct solutions that take another approach than the reference (a library, a structure)."""
    return sorted((kata.directory / "alternatives").glob("*.py"))


@cache
def collect(kata: Kata) -> RunRecord:
    with tempfile.TemporaryDirectory() as scratch:
        args = pytest_args(kata, RunOptions(), paths.KIT_ROOT)
        run = run_pytest(
            [*args, "--collect-only"], cwd=paths.KIT_ROOT, timeout=120, scratch=Path(scratch)
        )
    return run.record


def runs(name: str, default: int) -> int:
    """How many repeated runs a proof makes; CI uses the defaults, local runs may lower them."""
    return int(os.environ.get(name, default))
