"""Load the learner's solution for a kata, lazily and defensively.

A kata's tests hold `solution = load_solution("slug")` at module level. Nothing is imported until a
test touches an attribute, so a broken solution (syntax error, exception or `sys.exit` at import, a
missing class) fails the tests that need it with a one-line reason instead of breaking collection.
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from grading import paths
from grading.guard import check, guard_module
from grading.importing import describe_import_failure, import_file

Mode = Literal["workspace", "reference"]
Isolation = Literal["in-process", "process", "sandbox"]


class SolutionUnavailable(Exception):
    """The solution module cannot give what a test asked for; the message says why."""


@dataclass(frozen=True)
class SourceConfig:
    """Which file each kata's tests run against."""

    mode: Mode = "workspace"
    # "in-process" imports the solution into the test process (fast, for learners); "process"
    # and "sandbox" run it in a worker process the tests reach through proxies (grading).
    isolation: Isolation = "in-process"
    workspace: Path = field(default_factory=paths.workspace_dir)
    overrides: dict[str, Path] = field(default_factory=dict)

    def path_for(self, slug: str) -> Path:
        if slug in self.overrides:
            return self.overrides[slug]
        if self.mode == "reference":
            return paths.reference_path(slug)
        candidate = paths.workspace_module(slug, self.workspace)
        return candidate if candidate.exists() else paths.stub_path(slug)

    def describe(self) -> str:
        if self.mode == "reference":
            text = f"reference ({paths.REFERENCE_DIR})"
        else:
            text = f"workspace {self.workspace} (the stub where a kata has no module there)"
        if self.overrides:
            text += "; " + ", ".join(f"{k}={v}" for k, v in sorted(self.overrides.items()))
        return text


_config = SourceConfig()
_cache: dict[str, Any] = {}  # a module, a RemoteSolution, or why neither could be had
_workers: list[Any] = []
_lock = threading.Lock()


def configure(config: SourceConfig) -> None:
    global _config
    with _lock:
        _config = config
        _cache.clear()


def current_config() -> SourceConfig:
    return _config


def _import(slug: str) -> Any:
    with _lock:
        cached = _cache.get(slug)
        if isinstance(cached, SolutionUnavailable):
            raise cached
        if cached is not None:
            return cached
        path = _config.path_for(slug)
        if _config.isolation != "in-process":
            try:
                remote = _start_worker(slug, path)
            except SolutionUnavailable as failure:
                _cache[slug] = failure
                raise
            _cache[slug] = remote
            return remote
        try:
            module = _exec_module(slug, path)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            unavailable = SolutionUnavailable(describe_import_failure(path, exc))
            _cache[slug] = unavailable
            raise unavailable from None
        _cache[slug] = module
        return module


def _exec_module(slug: str, path: Path) -> ModuleType:
    module = import_file(f"kata_solution_{slug}", path)
    guard_module(module)
    return module


def _start_worker(slug: str, path: Path) -> Any:
    """The solution in a process of its own; what the tests get is `RemoteSolution`."""
    from grading.split.launch import launcher
    from grading.split.remote import RemoteSolution, SolutionProcessError, Worker

    if not path.is_file():
        raise SolutionUnavailable(f"no solution file at {path}")
    stub = import_file(f"kata_stub_{slug}", paths.stub_path(slug))
    worker = Worker(slug, path, stub, launcher(_config.isolation, path))
    try:
        worker.start()
    except SolutionProcessError as exc:
        raise SolutionUnavailable(str(exc)) from None
    _workers.append(worker)
    return RemoteSolution(worker)


def split_worker() -> Any:
    """The worker running this run's solution, if solutions run in one (perf.py times it)."""
    return _workers[-1] if _workers else None


def revive_workers() -> None:
    """Workers a CPU limit ended get a fresh process before the next test. The CPU time an
    ended one used comes off this run's own limit: the run's budget is the solution's too, so a
    solution that spins in every test ends the run as out of CPU time, as it would in-process."""
    for worker in _workers:
        if worker.stopped_for_limit:
            _charge_cpu(worker.ended_cpu_seconds)
            worker.restart()


def cpu_left_in_run() -> float:
    """CPU seconds this run may still use (its RLIMIT_CPU less what it used); inf with no limit.

    A worker's test may spend no more: a solution that spins in every test stops within the
    run's budget, not one test's limit past it.
    """
    soft = resource.getrlimit(resource.RLIMIT_CPU)[0]
    if soft == resource.RLIM_INFINITY:
        return math.inf
    return max(0.0, soft - time.process_time())


def _charge_cpu(seconds: float) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft == resource.RLIM_INFINITY:
        return
    lowered = max(1, int(soft - seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (lowered, hard))
    if time.process_time() >= lowered:  # the kernel's own signal, without waiting for its tick
        os.kill(os.getpid(), signal.SIGXCPU)


def stop_workers() -> None:
    while _workers:
        _workers.pop().stop()


class Solution:
    """Attribute access on this object reaches into the kata's solution module."""

    def __init__(self, slug: str) -> None:
        self._slug = slug

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        module = _import(self._slug)
        try:
            value = getattr(module, name)
        except AttributeError:
            path = Path(module.__file__ or self._slug)
            raise SolutionUnavailable(
                f"{path.name} defines no `{name}`: keep the names the stub declares"
            ) from None
        if isinstance(module, ModuleType):
            check(value, name)  # a worker's values arrive as exact built-in types already
        return value

    def preload(self) -> None:
        """Import now (outside any frozen clock); a failure is kept for the tests to report."""
        with contextlib.suppress(SolutionUnavailable):
            _import(self._slug)

    def __repr__(self) -> str:
        return f"<solution for {self._slug}: {_config.path_for(self._slug)}>"


def load_solution(slug: str) -> Solution:
    return Solution(slug)
