"""Per-test limits on the CPU time the test process spends, not on the wall clock.

A test may use `CPU_SECONDS` of the process's CPU time (every thread counts, so a solution's busy
thread cannot hide); a loaded machine slows the wall clock, not this count. pytest-timeout stays as
a wall-clock backstop several times larger, for waits that burn no CPU.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

CPU_SECONDS = 5.0  # pyproject's pytest-timeout `timeout` is the wall-clock backstop


# A BaseException, so neither a solution's `except Exception` nor Hypothesis swallows it.
class KataTimeout(BaseException):
    """The test used up its CPU time."""


@contextmanager
def cpu_limit(seconds: float, on_expiry: list[str]) -> Iterator[None]:
    """Raise KataTimeout in this (main) thread once the process used `seconds` more CPU time."""

    def expired(signum: int, frame: FrameType | None) -> None:
        on_expiry.append("cpu")
        raise KataTimeout(f"used more than {seconds:g} s of CPU time")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


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
