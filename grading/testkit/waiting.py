"""Background calls and condition waits with a deadline, for tests that coordinate threads.

A test that needs one thread blocked inside the solution while it acts from another starts the
call with `spawn` and collects it with `Task.result(timeout)`: a call that never returns (a waiter
nobody wakes, a lock held forever) fails the test instead of hanging it. Threads are daemons, so a
stuck one does not keep the process alive.

`wait_until` waits for state the solution exposes (a counter, a size) to reach a value. It polls,
but the result never depends on timing: it returns as soon as the condition holds, and the deadline
only turns a condition that never comes into a failure.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# Bound at import: freezegun and the `system_clocks` fixture replace time functions, not this name.
_perf_counter = time.perf_counter


class TaskDidNotFinish(AssertionError):
    pass


class Task(Generic[T]):
    """`target()` on a daemon thread; `result()` returns its value or re-raises its exception."""

    def __init__(self, target: Callable[[], T], name: str | None = None) -> None:
        self.done = threading.Event()
        self._target = target
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._target()
        except BaseException as exc:
            self._error = exc
        finally:
            self.done.set()

    def finished(self, timeout: float) -> bool:
        """True once the call has returned or raised; False if still running after `timeout`."""
        return self.done.wait(timeout)

    def result(self, timeout: float = 1.0) -> T:
        """The call's return value; its exception is re-raised. Fails if it is still running."""
        if not self.done.wait(timeout):
            raise TaskDidNotFinish(
                f"{self._thread.name} still running after {timeout}s: deadlock or lost wakeup"
            )
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def spawn(target: Callable[[], T], name: str | None = None) -> Task[T]:
    """Start `target()` on a daemon thread now."""
    return Task(target, name)


def wait_until(predicate: Callable[[], bool], timeout: float = 1.0, what: str = "") -> None:
    """Return as soon as `predicate()` is true; fail if it is still false after `timeout` s."""
    deadline = _perf_counter() + timeout
    pause = threading.Event()
    while not predicate():
        if _perf_counter() > deadline:
            raise TaskDidNotFinish(f"still waiting after {timeout}s for {what or 'the condition'}")
        pause.wait(0.0002)  # a short yield to the threads being waited for
