"""Run a concurrency scenario: threads released together, switched where a scheduler decides."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from grading.testkit.scheduler import Deadlock, ScheduleTooLong, run_scheduled

T = TypeVar("T")

__all__ = ["Deadlock", "ScheduleTooLong", "ThreadsDidNotFinish", "run_threads"]

# Only a backstop: a scheduled run ends by itself, on a deadlock, or past its step budget.
BACKSTOP_SECONDS = 60.0


class ThreadsDidNotFinish(AssertionError):
    pass


def run_threads(
    count: int, target: Callable[[int], T], timeout: float = 2.0, *, step: bool = True
) -> list[T]:
    """Run `target(index)` on `count` threads; return their results in index order.

    With `step` (the default) the threads run one at a time under the deterministic scheduler
    (grading.testkit.scheduler), switching before lines of solution code, stores to shared state
    and every lock operation. The test plugin runs a concurrency test under several schedules, so
    a race shows up on every run, on any machine, and a correct solution passes every schedule.
    The first exception raised by a thread (lowest index) is re-raised here.

    Without `step`, plain daemon threads run freely and `timeout` bounds the wait for them: for a
    call that is expected to block until the test acts.
    """
    if step:
        return run_scheduled(count, target, max(timeout, BACKSTOP_SECONDS))
    barrier = threading.Barrier(count)
    results: list[T | None] = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout)
            results[index] = target(index)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise ThreadsDidNotFinish(f"threads still running after {timeout}s: deadlock, lost wakeup")
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]
