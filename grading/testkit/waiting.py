"""Background calls and condition waits with a deadline, for tests that coordinate threads.

A test that needs one thread blocked inside the solution while it acts from another starts the
call with `spawn` and collects it with `Task.result(timeout)`: a call that never returns (a waiter
nobody wakes, a lock held forever) fails the test instead of hanging it.

`wait_until` waits for state the solution exposes (a counter, a size) to reach a value. It returns
as soon as the condition holds; the deadline only turns a condition that never comes into a
failure.

Such a test is decorated `@scheduled`: its body then runs as a thread of the deterministic
scheduler (grading.testkit.scheduler), the calls it spawns too, and every timeout counts the
scenario's virtual time. "Still blocked after 0.05 s" then means that every other thread ran as
far as it could, not that the machine was slow, and a busy machine cannot make a call miss its
deadline. Threads the body leaves running stop with it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from grading.testkit.races import BACKSTOP_SECONDS
from grading.testkit.scheduler import clock, managed, run_scheduled

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class TaskDidNotFinish(AssertionError):
    pass


class Task(Generic[T]):
    """`target()` on a daemon thread; `result()` returns its value or re-raises its exception."""

    def __init__(self, target: Callable[[], T], name: str | None = None) -> None:
        self.done = threading.Event()
        self._target = target
        self._value: T | None = None
        self._error: BaseException | None = None
        entry = managed()
        if entry is None:
            self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        else:  # started by a scheduled body: scheduled too
            scheduler = entry[0]
            self._thread = scheduler.thread(scheduler.adopt(), self._run, name)
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
    deadline = clock() + timeout
    pause = threading.Event()
    while not predicate():
        if clock() > deadline:
            raise TaskDidNotFinish(f"still waiting after {timeout}s for {what or 'the condition'}")
        pause.wait(0.0002)  # a short yield to the threads being waited for


def scheduled(test: F) -> F:
    """Run a test's body as a scheduled thread: the calls it spawns and its waits are scheduled."""

    @functools.wraps(test)
    def body(*args: Any, **kwargs: Any) -> Any:
        return run_scheduled(
            1, lambda _: test(*args, **kwargs), BACKSTOP_SECONDS, close_with_first=True
        )[0]

    return body  # type: ignore[return-value]
