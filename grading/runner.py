"""Run each kata's tests in a pytest process of its own, with a hard time limit, and score them.

A separate process per kata means a solution that hangs, crashes, exits or leaves threads behind
costs only its own kata; the process-level limit ends runs that pytest-timeout cannot.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from grading import paths
from grading.metadata import Kata
from grading.results import RunRecord, read_records
from grading.score import KataResult, Score, score_kata

DEFAULT_KATA_TIMEOUT = 60.0


@dataclass(frozen=True)
class RunOptions:
    reference: bool = False
    workspace: Path | None = None
    overrides: dict[str, Path] = field(default_factory=dict)
    reveal: bool = False
    kata_timeout: float = DEFAULT_KATA_TIMEOUT
    categories: str | None = None
    redis_url: str | None = None

    @property
    def mode(self) -> str:
        return "reference" if self.reference else "workspace"


@dataclass(frozen=True)
class KataRun:
    result: KataResult
    output: str


def pytest_command(kata: Kata, options: RunOptions, results_file: Path) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(kata.directory),
        "--rootdir",
        str(paths.KIT_ROOT),
        "-c",
        str(paths.KIT_ROOT / "pyproject.toml"),
        "-q",
        "--kata-results",
        str(results_file),
    ]
    if options.reference:
        command.append("--reference")
    if options.workspace is not None:
        command += ["--workspace", str(options.workspace)]
    if kata.slug in options.overrides:
        command += ["--solution", f"{kata.slug}={options.overrides[kata.slug]}"]
    if options.reveal:
        command.append("--reveal")
    if options.categories:
        command += ["--categories", options.categories]
    if options.redis_url:
        command += ["--redis-url", options.redis_url]
    return command


def _diagnose(record: RunRecord, returncode: int | None, output: str, timeout: float) -> str:
    """Why a run left tests without results, in one line (empty when it finished normally)."""
    if record.finished:
        return ""
    pending = [t for t in record.collected if t.nodeid not in record.outcomes]
    during = f" during {pending[0].nodeid.split('::')[-1]}" if pending else ""
    if returncode is None:
        return f"the run passed its {timeout:.0f} s limit{during}; unfinished tests score 0"
    if not record.collected:
        lines = [line for line in output.strip().splitlines() if line.strip()]
        tail = lines[-1] if lines else f"exit code {returncode}"
        return f"the tests could not be collected: {tail}"
    return (
        f"the test process ended early{during} (exit code {returncode}); unfinished tests score 0"
    )


def run_kata(kata: Kata, options: RunOptions) -> KataRun:
    with tempfile.TemporaryDirectory(prefix=f"kata-{kata.slug}-") as tmp:
        results_file = Path(tmp) / "results.jsonl"
        env = {
            **os.environ,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
            "HYPOTHESIS_STORAGE_DIRECTORY": str(Path(tmp) / "hypothesis"),
        }
        started = time.monotonic()
        process = subprocess.Popen(
            pytest_command(kata, options, results_file),
            cwd=paths.KIT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        returncode: int | None
        try:
            output, _ = process.communicate(timeout=options.kata_timeout)
            returncode = process.returncode
        except subprocess.TimeoutExpired:
            returncode = None
        finally:
            # The whole process group: a solution may have forked.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        if returncode is None:
            output, _ = process.communicate()
        seconds = time.monotonic() - started
        record = read_records(results_file)
    problem = _diagnose(record, returncode, output, options.kata_timeout)
    return KataRun(score_kata(kata, record, problem, seconds), output)


def run_katas(
    katas: tuple[Kata, ...], options: RunOptions, jobs: int | None = None
) -> list[KataRun]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(katas)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda kata: run_kata(kata, options), katas))


def total(runs: list[KataRun]) -> Score:
    return Score(tuple(run.result for run in runs))
