"""Grade a submission: the kit's tests and weights, the submission's solution modules only.

Each kata's tests run in their own copy of the kit (sandbox.py), in a process that never imports
the submission: its solution runs in a worker process, confined by bubblewrap (confine.py), that
the tests reach through proxies generated from the stub (grading/split). Where no confinement can
be made, grading refuses unless told `--unsafe` (the worker is then a plain process), and every
report says so. The list of tests that make up the denominator is collected before any submission
code runs, so a test that is skipped, errors, goes missing or never reports scores 0.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grading import __version__
from grading.confine import isolation, unconfined_command
from grading.formats import exercism, gradescope, junit, markdown
from grading.metadata import Kata
from grading.precheck import syntax_problem
from grading.results import CollectedTest
from grading.runner import (
    WALL_FACTOR,
    KataRun,
    PytestRun,
    RunOptions,
    diagnose,
    in_parallel,
    pytest_args,
    run_pytest,
)
from grading.sandbox import SubmissionError, build_sandbox
from grading.score import Score, score_json, score_kata
from grading.testkit.ramdisk import SHARED_ENV

UNSAFE = "UNSAFE: submissions ran without a sandbox (--unsafe)"


class NoSandboxError(SubmissionError):
    """No sandbox can be made here and `--unsafe` was not given."""


@dataclass(frozen=True)
class GradeOptions:
    submission: Path
    workspace: Path
    out: Path
    extra_tests: Path | None
    kata_timeout: float
    jobs: int | None
    unsafe: bool = False


def isolation_line(options: GradeOptions) -> str:
    """The console's first line; refuses to grade where no sandbox can be made, unless unsafe."""
    found = isolation()
    if found.ok:
        return f"isolation: {found.description}"
    if not options.unsafe:
        raise NoSandboxError(f"{found.description}; --unsafe grades without one")
    return f"{UNSAFE}; {found.description}"


def expected_tests(
    katas: tuple[Kata, ...], extra_tests: Path | None
) -> dict[str, list[CollectedTest]]:
    """Collect the kit's tests with the stubs standing in, before any submission code runs."""
    sandbox = build_sandbox(katas, None, extra_tests)
    try:
        args = [str(sandbox.kit / "katas"), "--rootdir", str(sandbox.kit), "-q", "--collect-only"]
        args += ["-c", str(sandbox.kit / "pyproject.toml")]
        for kata in katas:
            args += ["--solution", f"{kata.slug}={sandbox.kit / 'katas' / kata.slug / 'stub.py'}"]
        run = run_pytest(args, cwd=sandbox.kit, timeout=120, scratch=sandbox.scratch)
    finally:
        sandbox.remove()
    expected: dict[str, list[CollectedTest]] = {kata.slug: [] for kata in katas}
    for test in run.record.collected:
        if test.kata in expected:
            expected[test.kata].append(test)
    return expected


def _wrap(cpu_seconds: int) -> Callable[[list[str]], list[str]]:
    # The tests' process runs the kit's code only; the solution runs in a worker it starts
    # (inside bubblewrap where that works: `--isolation sandbox`).
    return lambda command: unconfined_command(command, cpu_seconds)


def worker_isolation() -> str:
    return "sandbox" if isolation().ok else "process"


def grade_kata(
    kata: Kata, expected: list[CollectedTest], options: GradeOptions
) -> tuple[KataRun, dict[str, str]]:
    sandbox = build_sandbox((kata,), options.workspace, options.extra_tests)
    try:
        run_options = RunOptions(workspace=sandbox.workspace, isolation=worker_isolation())
        args = pytest_args(kata, run_options, sandbox.kit)
        cpu = int(options.kata_timeout)  # CPU seconds; the wall clock is only a backstop

        def run(args: list[str]) -> PytestRun:
            return run_pytest(
                args,
                cwd=sandbox.kit,
                timeout=options.kata_timeout * WALL_FACTOR,
                scratch=sandbox.scratch,
                wrap=_wrap(cpu),
                environment={SHARED_ENV: str(sandbox.shared)},
            )

        first = run(args)
        solution = sandbox.workspace / f"{kata.slug}.py"
        problem = diagnose(first, expected, options.kata_timeout) or syntax_problem(
            solution, solution.name
        )
        retried = wall_clock_timeouts(first, expected)
        if retried:
            # A wait the machine made too long is not the solution's fault: once more, alone.
            again = run([*retried, *args[1:]])
            first.record.outcomes.update(
                {k: v for k, v in again.record.outcomes.items() if k in retried}
            )
            if all(t.nodeid in first.record.outcomes for t in expected):
                problem = syntax_problem(solution, solution.name)
        result = score_kata(kata, expected, first.record, problem, first.seconds)
        return KataRun(result, first.output), sandbox.hashes
    finally:
        sandbox.remove()


def wall_clock_timeouts(run: PytestRun, expected: list[CollectedTest]) -> list[str]:
    """Tests that hit the wall-clock backstop (theirs or the run's), not their CPU-time limit."""
    outcomes = run.record.outcomes
    timed_out = [n for n, o in outcomes.items() if not o.passed and o.timeout == "wall"]
    if run.returncode is None:
        timed_out += [t.nodeid for t in expected if t.nodeid not in outcomes]
    return timed_out


def provenance(
    katas: tuple[Kata, ...], options: GradeOptions, hashes: dict[str, str]
) -> dict[str, Any]:
    return {
        "kit_version": __version__,
        "kata_versions": {k.slug: k.version for k in katas},
        "python": platform.python_version(),
        "seeds": {"PYTHONHASHSEED": "0", "hypothesis": "derandomize=True, no database"},
        "isolation": isolation().description if isolation().ok else UNSAFE,
        "sandboxed": isolation().ok,
        "submission": {"path": str(options.submission), "files": hashes},
    }


def write_outputs(
    score: Score, katas: tuple[Kata, ...], options: GradeOptions, hashes: dict[str, str]
) -> None:
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    report = score_json(score, "grade")
    for entry, kata in zip(report["katas"], score.katas, strict=True):
        entry["seconds"] = kata.seconds
    report["provenance"] = provenance(katas, options, hashes)
    (out / "score.json").write_text(json.dumps(report, indent=2) + "\n")
    kata_dirs = {k.slug: k.directory for k in katas}
    (out / "results.json").write_text(json.dumps(exercism(score, kata_dirs), indent=2) + "\n")
    (out / "gradescope.json").write_text(json.dumps(gradescope(score), indent=2) + "\n")
    (out / "junit.xml").write_bytes(junit(score))
    summary = markdown(score, "Backend Kata Kit grade")
    if not isolation().ok:
        summary = f"> **{UNSAFE}**: {isolation().description}\n\n{summary}"
    (out / "summary.md").write_text(summary)


def grade(katas: tuple[Kata, ...], options: GradeOptions) -> tuple[Score, list[KataRun]]:
    isolation_line(options)  # refuses before any work where it must
    expected = expected_tests(katas, options.extra_tests)
    hashes: dict[str, str] = {}

    def work(kata: Kata) -> KataRun:
        run, kata_hashes = grade_kata(kata, expected[kata.slug], options)
        hashes.update(kata_hashes)
        return run

    runs = in_parallel(katas, work, options.jobs, hold_to_cpu=True)
    score = Score(tuple(run.result for run in runs))
    hashes = dict(sorted(hashes.items()))
    write_outputs(score, katas, options, hashes)
    return score, runs
