"""Every kata proves its tests: the stub scores 0, the reference 100%, every mutant is caught."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grading import paths
from grading.metadata import all_katas
from grading.runner import RunOptions, run_kata
from tests.support import alternatives, caught, mutant_category, mutants, run_with, runs

KATAS = all_katas()
MUTANTS = [(kata, m) for kata in KATAS for m in mutants(kata)]
ALTERNATIVES = [(kata, a) for kata in KATAS for a in alternatives(kata)]
# One run is a proof: threads run under the scheduler, limits count CPU time, clocks are the
# tests'. `KIT_MUTANT_RUNS=N` repeats every mutant N times (the load proofs use it); all N runs
# must be caught by the same tests.


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_stub_scores_zero(kata) -> None:
    run = run_with(kata, paths.stub_path(kata.slug))
    passed = [t.id for t in run.result.tests if t.passed]
    assert run.result.tests, f"{kata.slug}: no tests were collected\n{run.output[-2000:]}"
    assert not passed, (
        f"{kata.slug}: these tests pass against the stub, so they prove nothing: {passed}"
    )
    assert run.result.points == 0


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_a_solution_that_does_nothing_scores_zero(kata, tmp_path: Path) -> None:
    """The stub with every body returning None: a test it passes holds for any solution."""
    source = paths.stub_path(kata.slug).read_text(encoding="utf-8")
    idle = tmp_path / f"{kata.slug}.py"
    idle.write_text(re.sub(r"raise NotImplementedError\b.*", "return None", source))
    run = run_with(kata, idle)
    passed = [t.id for t in run.result.tests if t.passed]
    assert not passed, f"{kata.slug}: these tests pass for a solution that does nothing: {passed}"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_reference_scores_full(kata) -> None:
    run = run_kata(kata, RunOptions(reference=True, reveal=True))
    failed = [(t.id, t.reason) for t in run.result.tests if not t.passed]
    assert not failed, f"{kata.slug}: the reference fails {failed}\n{run.output[-3000:]}"
    assert run.result.points == run.result.max_points


@pytest.mark.parametrize(
    ("kata", "mutant"), MUTANTS, ids=[f"{k.slug}-{m.stem}" for k, m in MUTANTS]
)
def test_mutant_loses_points_in_its_category(kata, mutant: Path) -> None:
    """Caught in its category, by the same tests on every run (threads, clocks and faults too)."""
    category = mutant_category(mutant)
    verdicts = []
    repeats = runs("KIT_MUTANT_RUNS", 1)
    for attempt in range(repeats):
        # One run needs one failing test; repeated runs compare every test that fails.
        run = run_with(kata, mutant, categories=category, first_failure=repeats == 1)
        failing = caught(run, category)
        assert failing, (
            f"{mutant.relative_to(paths.KIT_ROOT)} passes every {category} test on run "
            f"{attempt + 1}: add a {category} test that rejects it\n{run.output[-2000:]}"
        )
        verdicts.append(failing)
    assert all(v == verdicts[0] for v in verdicts), f"verdicts differ between runs: {verdicts}"


@pytest.mark.parametrize(
    ("kata", "alternative"),
    ALTERNATIVES,
    ids=[f"{k.slug}-{a.stem}" for k, a in ALTERNATIVES],
)
def test_alternative_solution_scores_full(kata, alternative: Path) -> None:
    """A correct solution written another way than the reference is not penalised."""
    run = run_with(kata, alternative)
    failed = [(t.id, t.reason) for t in run.result.tests if not t.passed]
    assert not failed, (
        f"{alternative.relative_to(paths.KIT_ROOT)} fails {failed}\n{run.output[-3000:]}"
    )
    assert run.result.points == run.result.max_points
