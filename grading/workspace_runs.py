"""Run a learner's katas as fast as the answer allows.

A kata the learner has not begun scores 0 and one that does not compile fails on its first line:
both are settled before any process starts. An unchanged kata takes its result from the cache.
Only what is left runs, in parallel, under a progress display.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from grading import cache, paths, precheck
from grading.metadata import Kata
from grading.runner import KataRun, RunOptions, in_parallel, run_kata
from grading.score import KataResult, PartResult


def settled(kata: Kata, problem: str = "", started: bool = True) -> KataRun:
    """A result known without running: every part at 0 points, no test run."""
    parts = tuple(
        PartResult(p.id, p.title, p.level, 0.0, p.points, p.hints, ()) for p in kata.parts
    )
    result = KataResult(
        kata.slug, kata.title, kata.level, kata.version, 0.0, kata.max_points, parts, problem, 0.0,
        started,
    )  # fmt: skip
    return KataRun(result, "")


def solution_file(kata: Kata, options: RunOptions) -> Path | None:
    """The file the tests would load; None where the learner's workspace is not involved."""
    if options.reference or kata.slug in options.overrides or options.workspace is None:
        return None
    return paths.workspace_module(kata.slug, options.workspace)


@dataclass(frozen=True)
class Plan:
    """What the run found for each kata before starting any test process."""

    done: dict[str, KataRun]
    to_run: list[tuple[Kata, str | None]]
    cached: int


def plan(katas: tuple[Kata, ...], options: RunOptions, use_cache: bool) -> Plan:
    done: dict[str, KataRun] = {}
    to_run: list[tuple[Kata, str | None]] = []
    cached = 0
    for kata in katas:
        module = solution_file(kata, options)
        if module is None:
            to_run.append((kata, None))
            continue
        if precheck.is_untouched_stub(module, paths.stub_path(kata.slug)):
            done[kata.slug] = settled(kata, started=False)
            continue
        problem = precheck.syntax_problem(module)
        if problem:
            done[kata.slug] = settled(kata, problem)
            continue
        # A real Redis server holds state of its own, so its runs are not reused.
        try:
            key = cache.run_key(module, kata.directory, options) if use_cache else None
        except OSError:
            key = None  # unreadable now: the run will say why
        hit = cache.load(options.workspace, kata.slug, key) if key and options.workspace else None
        if hit is not None and not options.redis_url:
            done[kata.slug] = hit
            cached += 1
            continue
        to_run.append((kata, None if options.redis_url else key))
    return Plan(done, to_run, cached)


def _with_progress(
    pending: list[tuple[Kata, str | None]],
    work: Callable[[Kata], KataRun],
    jobs: int | None,
    console: Console | None,
) -> list[KataRun]:
    if console is None or not console.is_terminal or not pending:
        return in_parallel(tuple(k for k, _ in pending), work, jobs)
    # Imported here: a run with nothing left to do should not pay for it.
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    running: dict[str, float] = {}
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as shown:
        task = shown.add_task("starting…", total=len(pending))

        def describe() -> str:
            names = ", ".join(sorted(running, key=running.__getitem__))
            return f"running {names}" if names else "finishing…"

        def tracked(kata: Kata) -> KataRun:
            running[kata.slug] = time.monotonic()
            shown.update(task, description=describe())
            try:
                return work(kata)
            finally:
                running.pop(kata.slug, None)
                shown.update(task, advance=1, description=describe())

        return in_parallel(tuple(k for k, _ in pending), tracked, jobs)


def run_workspace_katas(
    katas: tuple[Kata, ...],
    options: RunOptions,
    console: Console,
    jobs: int | None = None,
    use_cache: bool = True,
    live: bool = True,
) -> list[KataRun]:
    """Every kata's run in the order given: settled, cached or run now (and then cached).
    `live` shows a progress display in a terminal while tests run."""
    found = plan(katas, options, use_cache)
    keys = dict((kata.slug, key) for kata, key in found.to_run)

    def work(kata: Kata) -> KataRun:
        run = run_kata(kata, options)
        key = keys.get(kata.slug)
        if key and options.workspace is not None and cache.worth_keeping(run):
            cache.store(options.workspace, kata.slug, key, run)
        return run

    fresh = _with_progress(found.to_run, work, jobs, console if live else None)
    done = {**found.done, **{run.result.id: run for run in fresh}}
    return [done[kata.slug] for kata in katas]
