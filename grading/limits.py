"""Per-test limits on the CPU time a test and its solution spend, not on the wall clock.

A test may use `CPU_SECONDS` of the process's CPU time (every thread counts, so a solution's busy
thread cannot hide). Where the solution runs in a worker process, the test may use
`SPLIT_CPU_SECONDS` there and as much in the tests' process. A loaded machine slows the wall
clock, not these counts. pytest-timeout stays as a wall-clock backstop, for waits that burn no CPU.
"""

from __future__ import annotations

import _thread
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Protocol

CPU_SECONDS = 5.0  # pyproject's pytest-timeout `timeout` is the wall-clock backstop
# With the solution in a worker, each call is a round trip that costs both processes 50 to 200 µs
# of CPU, where the call itself costs a few: the test that adds 20,000 items to a sketch uses
# 0.12 s in one process and 1.2 to 4.9 s on each side of a worker, the spread from how the machine
# wakes the waiting process (a wake-up on the other CPU of a virtual machine costs most).
SPLIT_CPU_SECONDS = 15.0


# A BaseException, so neither a solution's `except Exception` nor Hypothesis swallows it.
class KataTimeout(BaseException):
    """The test used up its CPU time."""


# How often the CPU time of a solution's worker process is read.
WORKER_POLL_SECONDS = 0.02


class WorkerCpu(Protocol):
    """A solution's worker process, as a CPU limit sees it (grading/split/remote.py's Worker)."""

    def cpu_seconds(self) -> float:
        """CPU time of every thread of the worker, as the kernel counts it."""
        ...

    def stop_for_limit(self) -> None:
        """End it now; the next test gets a fresh one."""
        ...


@contextmanager
def cpu_limit(
    seconds: float,
    on_expiry: list[str],
    worker: Callable[[], WorkerCpu | None] | None = None,
    worker_seconds: float | None = None,
) -> Iterator[None]:
    """Raise KataTimeout in this (main) thread once the process used `seconds` more CPU time.

    With `worker` (the solution runs in a process of its own; it gives the worker, once there is
    one), that process has a limit of its own, `worker_seconds` (by default the same): the
    solution's work is limited wherever it runs.
    """

    watch: _WorkerWatch | None = None

    def expired(signum: int, frame: FrameType | None) -> None:
        on_expiry.append("cpu")
        if watch is not None and watch.fired:
            raise KataTimeout(f"the solution's process used more than {watch.seconds:.3g} s of CPU")
        raise KataTimeout(f"used more than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    if worker is not None:
        worker_limit = seconds if worker_seconds is None else worker_seconds
        watch = _WorkerWatch(worker_limit, worker, on_expiry)
    try:
        yield
    finally:
        if watch is not None:
            watch.finish()  # before `expired` goes: no signal from it arrives after this
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


class _WorkerWatch:
    """Reads the worker's CPU time every WORKER_POLL_SECONDS. Once the worker used `seconds` in
    this test (a limit of its own, as every call costs both processes some CPU), it ends the
    worker (its call cannot be unwound from here) and sends SIGPROF to the test's thread, where
    `expired` raises KataTimeout.

    A plain `_thread` thread and lock: the scheduler's cooperative locks never see them.
    """

    def __init__(
        self, seconds: float, worker: Callable[[], WorkerCpu | None], on_expiry: list[str]
    ) -> None:
        self.seconds, self.worker, self.main = seconds, worker, _thread.get_ident()
        self.on_expiry = on_expiry
        self.lock, self.finished = _thread.allocate_lock(), False
        self.fired = False  # this watch ended the worker
        self.stop = _thread.allocate_lock()
        self.stop.acquire()
        current = worker()
        self.found = current
        self.worker_start = current.cpu_seconds() if current is not None else 0.0
        _thread.start_new_thread(self._run, ())

    def finish(self) -> None:
        with self.lock:
            self.finished = True
        self.stop.release()

    def _run(self) -> None:
        while not self.stop.acquire(True, WORKER_POLL_SECONDS):
            current = self.worker()
            if current is None:
                continue
            if current is not self.found:  # started during this test: all its time counts
                self.found, self.worker_start = current, 0.0
            if current.cpu_seconds() - self.worker_start < self.seconds:
                continue
            with self.lock:
                if not self.finished:
                    # Noted first: the test may end on the worker's closed channel before the
                    # signal arrives, and must still be reported as a timeout.
                    self.on_expiry.append("cpu")
                    self.fired = True
                    current.stop_for_limit()
                    signal.pthread_kill(self.main, signal.SIGPROF)
            self.stop.acquire()
            break
        self.stop.release()


def timed_out(exc: BaseException | None, seen: set[int] | None = None) -> bool:
    """True when `exc` is, wraps or groups a time-limit error (ours, pytest-timeout's, ...)."""
    if exc is None:
        return False
    seen = seen if seen is not None else set()
    if id(exc) in seen:
        return False
    seen.add(id(exc))
    from grading.testkit.scheduler import ScheduleTooLong

    if isinstance(exc, KataTimeout | ScheduleTooLong):
        return True
    if type(exc).__name__ == "Failed" and str(exc).startswith("Timeout"):
        return True
    inner = list(getattr(exc, "exceptions", ()))
    return any(timed_out(e, seen) for e in [*inner, exc.__cause__, exc.__context__])
