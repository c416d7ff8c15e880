"""Run each kata's tests in a pytest process of its own, with a hard time limit, and score them.

A separate process per kata means a solution that hangs, crashes, exits or leaves threads behind
costs only its own kata; the process-level limits end runs that a per-test limit cannot. The limit
counts the process's CPU time (RLIMIT_CPU), so a busy machine does not eat into it; the wall clock
is only a backstop `WALL_FACTOR` times larger, for a run that waits forever without computing.
Results come back over a pipe, one JSON line per test, each carrying a token only this run knows.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from grading import paths
from grading.metadata import Kata
from grading.results import TOKEN_ENV, CollectedTest, RunRecord, parse_records
from grading.score import KataResult, Score, score_kata

DEFAULT_KATA_TIMEOUT = 60.0  # seconds of CPU time for one kata's whole run
WALL_FACTOR = 5
# The only pytest plugins a kata run loads besides the kit's own. Whatever else the environment
# has installed (xdist, anyio, benchmark, ...) has no say in a kata's verdict, yet would add its
# start-up time (0.3 s of CPU with the kit's dev tools) to every run.
KATA_PLUGINS = ("pytest_timeout", "_hypothesis_pytestplugin")


@dataclass(frozen=True)
class RunOptions:
    reference: bool = False
    workspace: Path | None = None
    overrides: dict[str, Path] = field(default_factory=dict)
    reveal: bool = False
    kata_timeout: float = DEFAULT_KATA_TIMEOUT
    categories: str | None = None
    parts: str | None = None
    redis_url: str | None = None
    # Where solutions run: "in-process" (learners' runs) or a worker process (see grading/split).
    isolation: str = "in-process"
    # Stop at the first failing test (the kit's mutant proofs need one, not the whole list).
    first_failure: bool = False

    @property
    def mode(self) -> str:
        return "reference" if self.reference else "workspace"


@dataclass(frozen=True)
class KataRun:
    result: KataResult
    output: str


@dataclass(frozen=True)
class PytestRun:
    record: RunRecord
    returncode: int | None
    output: str
    seconds: float


def pytest_args(kata: Kata, options: RunOptions, kit_root: Path) -> list[str]:
    args = [
        str(kit_root / "katas" / kata.slug),
        "--rootdir",
        str(kit_root),
        "-c",
        str(kit_root / "pyproject.toml"),
        "-q",
    ]
    if options.reference:
        args.append("--reference")
    if options.workspace is not None:
        args += ["--workspace", str(options.workspace)]
    if kata.slug in options.overrides:
        args += ["--solution", f"{kata.slug}={options.overrides[kata.slug]}"]
    if options.reveal:
        args.append("--reveal")
    if options.categories:
        args += ["--categories", options.categories]
    if options.parts:
        args += ["--parts", options.parts]
    if options.redis_url:
        args += ["--redis-url", options.redis_url]
    if options.isolation != "in-process":
        args += ["--isolation", options.isolation]
    if options.first_failure:
        args.append("--exitfirst")
    return args


# Kata processes running now, so an interrupt (Ctrl-C in `kata watch` or `kata test`) ends them
# at once instead of waiting for each to finish.
_running: set[subprocess.Popen[bytes]] = set()
_running_lock = threading.Lock()
_stopping = False


def stop_running() -> None:
    """Kill the kata processes running now; none starts after this."""
    global _stopping
    with _running_lock:
        _stopping = True
        for process in _running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def _drain(stream: int, into: list[bytes]) -> None:
    with os.fdopen(stream, "rb") as pipe:
        into.append(pipe.read())


def run_pytest(
    args: list[str],
    *,
    cwd: Path,
    timeout: float,
    scratch: Path,
    wrap: Callable[[list[str]], list[str]] = lambda command: command,
    cpu_seconds: float | None = None,
    bytecode: Path | None = None,
    environment: dict[str, str] | None = None,
) -> PytestRun:
    """Run pytest on `args` in a new process group; results arrive on a pipe, not a file.

    `cpu_seconds` limits the process's CPU time; `timeout` is the wall-clock backstop. With
    `bytecode`, compiled modules are kept there between runs; without, nothing is written.
    """
    token = secrets.token_hex(16)
    read_end, write_end = os.pipe()
    plugins = [option for name in KATA_PLUGINS for option in ("-p", name)]
    command = wrap(
        [sys.executable, "-m", "pytest", *plugins, *args, "--kata-results", f"fd:{write_end}"]
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST"))},
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        **(
            {"PYTHONPYCACHEPREFIX": str(bytecode)} if bytecode else {"PYTHONDONTWRITEBYTECODE": "1"}
        ),
        "PYTHONHASHSEED": "0",
        "HYPOTHESIS_STORAGE_DIRECTORY": str(scratch / "hypothesis"),
        TOKEN_ENV: token,
        **(environment or {}),
    }
    started = time.monotonic()
    with _running_lock:
        if _stopping:
            os.close(read_end)
            os.close(write_end)
            raise KeyboardInterrupt
        process = subprocess.Popen(
            [*command, "--basetemp", str(scratch / "tmp")],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(write_end,),
            start_new_session=True,
        )
        _running.add(process)
    os.close(write_end)
    cpu = getattr(_held_to, "cpu", None)
    if cpu is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            os.sched_setaffinity(process.pid, {cpu})
    if cpu_seconds is not None:
        # Set from here, not in the child: a pre-exec hook is unsafe while other threads run.
        limit = max(1, round(cpu_seconds))
        with contextlib.suppress(ProcessLookupError, PermissionError):
            resource.prlimit(process.pid, resource.RLIMIT_CPU, (limit, limit + 5))
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(read_end, chunks), daemon=True)
    reader.start()
    returncode: int | None
    try:
        stdout, _ = process.communicate(timeout=timeout)
        returncode = process.returncode
    except subprocess.TimeoutExpired:
        returncode = None
    finally:
        # The whole process group: a solution may have forked.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        with _running_lock:
            _running.discard(process)
    if returncode is None:
        stdout, _ = process.communicate()
    reader.join(5)
    text = b"".join(chunks).decode("utf-8", errors="replace")
    output = stdout.decode("utf-8", errors="replace")
    return PytestRun(parse_records(text, token), returncode, output, time.monotonic() - started)


def diagnose(run: PytestRun, expected: list[CollectedTest], timeout: float) -> str:
    """Why a run left tests without results, in one line (empty when it finished normally).

    `timeout` is the run's CPU-time limit in seconds.
    """
    if run.record.finished:
        return ""
    pending = [t for t in expected if t.nodeid not in run.record.outcomes]
    during = f" during {pending[0].nodeid.split('::')[-1]}" if pending else ""
    unfinished = "unfinished tests score 0"
    if run.returncode is None:
        wall = timeout * WALL_FACTOR
        return (
            f"timed out: the run passed its {wall:.0f} s wall-clock backstop{during}; {unfinished}"
        )
    if run.returncode == -signal.SIGXCPU:
        return f"timed out: the run used its {timeout:.0f} s of CPU time{during}; {unfinished}"
    if not expected:
        lines = [line for line in run.output.strip().splitlines() if line.strip()]
        tail = lines[-1] if lines else f"exit code {run.returncode}"
        return f"the tests could not be collected: {tail}"
    code = run.returncode
    return f"the test process ended early{during} (exit code {code}); unfinished tests score 0"


def run_kata(kata: Kata, options: RunOptions) -> KataRun:
    """Run one kata from the kit checkout itself (learners, the kit's own tests)."""
    with tempfile.TemporaryDirectory(prefix=f"kata-{kata.slug}-") as scratch:
        run = run_pytest(
            pytest_args(kata, options, paths.KIT_ROOT),
            cwd=paths.KIT_ROOT,
            timeout=options.kata_timeout * WALL_FACTOR,
            scratch=Path(scratch),
            cpu_seconds=options.kata_timeout,
            bytecode=paths.bytecode_cache(),
        )
    collected = run.record.collected
    problem = diagnose(run, collected, options.kata_timeout)
    return KataRun(score_kata(kata, collected, run.record, problem, run.seconds), run.output)


# The CPU that kata processes started from this thread are held to (see in_parallel).
_held_to = threading.local()


def in_parallel(
    katas: tuple[Kata, ...],
    work: Callable[[Kata], KataRun],
    jobs: int | None,
    hold_to_cpu: bool = False,
) -> list[KataRun]:
    """Run `work` on each kata, `jobs` at a time (default: one per CPU).

    With `hold_to_cpu`, each kata's processes (its tests and the worker that runs the solution)
    stay on one CPU, a different one for each kata running at the same time. Each call to the
    solution is a round trip between the two; on one CPU the answer runs as soon as the caller
    waits, while across CPUs each message wakes the other CPU, which about doubles the cost of a
    call (70-80 against 160-180 us a round trip, 33-39 against 83-89 us of the caller's CPU, on a
    2-core virtual machine).
    """
    workers = max(1, min(jobs or os.cpu_count() or 1, len(katas)))
    cpus = sorted(os.sched_getaffinity(0))
    slots = itertools.count()
    slots_lock = threading.Lock()

    def take_cpu() -> None:
        with slots_lock:
            _held_to.cpu = cpus[next(slots) % len(cpus)] if hold_to_cpu else None

    pool = ThreadPoolExecutor(max_workers=workers, initializer=take_cpu)
    try:
        return list(pool.map(work, katas))
    except KeyboardInterrupt:
        stop_running()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_katas(
    katas: tuple[Kata, ...], options: RunOptions, jobs: int | None = None
) -> list[KataRun]:
    def work(kata: Kata) -> KataRun:
        return run_kata(kata, options)

    return in_parallel(katas, work, jobs, hold_to_cpu=options.isolation != "in-process")


def total(runs: list[KataRun]) -> Score:
    return Score(tuple(run.result for run in runs))
