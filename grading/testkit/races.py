"""Make races happen every run: start threads together and switch between them constantly."""

from __future__ import annotations

import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")


@contextmanager
def fast_switching(interval: float = 1e-6) -> Iterator[None]:
    """Force the interpreter to switch threads every `interval` seconds instead of every 5 ms."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(interval)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


# A real pause, not just sleep(0): the other threads get to run their line too, so threads move
# through the solution close to lockstep and every unlocked check-then-act interleaves.
STEP_PAUSE = 50e-6

_LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {str(Path(__file__).parent.parent)}
)


def _is_solution_code(filename: str) -> bool:
    return not filename.startswith(_LIBRARY_DIRS) and not filename.startswith("<")


def _step_tracer(frame: FrameType, event: str, arg: Any) -> Any:
    """Give up the interpreter before every line of solution code.

    Threads released together then advance through the solution almost line by line in turn, so
    an unlocked check-then-act (read on one line, write on the next) interleaves on every run,
    while a lock keeps the others waiting outside the critical section.
    """
    if not _is_solution_code(frame.f_code.co_filename):
        return None

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            time.sleep(STEP_PAUSE)
        return local

    return local(frame, event, arg)


class ThreadsDidNotFinish(AssertionError):
    pass


def run_threads(
    count: int, target: Callable[[int], T], timeout: float = 2.0, *, step: bool = True
) -> list[T]:
    """Run `target(index)` on `count` threads released together; return results in index order.

    With `step` (the default) each thread yields before every line of solution code (not library
    code), which makes races in the solution show up on every run.

    The first exception raised by any thread is re-raised here. Threads are daemons so a deadlocked
    solution fails the test instead of keeping the process alive.
    """
    barrier = threading.Barrier(count)
    results: list[T | None] = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        if step:
            sys.settrace(_step_tracer)
        try:
            barrier.wait(timeout)
            results[index] = target(index)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    with fast_switching():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
    if any(thread.is_alive() for thread in threads):
        raise ThreadsDidNotFinish(
            f"threads still running after {timeout}s: deadlock or lost wakeup"
        )
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]
