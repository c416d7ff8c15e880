"""Complexity checks as ratios between sizes (never absolute times), and memory bounds.

Times are the CPU time of the calling thread, not the wall clock: other processes on a busy
machine take wall time from a test, not CPU time, so the ratio stays put under load.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from grading.solution import split_worker

# Bound at import: freezegun replaces time functions, not this name.
_cpu_time = time.thread_time


def _best_time(run: Callable[[], object], repeats: int) -> float:
    worker = split_worker()
    best = float("inf")
    for _ in range(repeats):
        if worker is not None:
            # The solution runs in a worker: its CPU time over the batch, as the kernel counts it.
            from grading.split.remote import batch

            with batch(worker) as sent:
                run()
            best = min(best, sent.cpu_seconds)
            continue
        start = _cpu_time()
        run()
        best = min(best, _cpu_time() - start)
    return best


def _prepared(prepare: Callable[[int], Callable[[], object]], size: int) -> Callable[[], object]:
    worker = split_worker()
    if worker is None:
        return prepare(size)
    from grading.split.remote import batch

    with batch(worker):  # one request builds the structure, not one per call
        return prepare(size)


def growth_ratio(
    prepare: Callable[[int], Callable[[], object]],
    small: int,
    large: int,
    repeats: int = 5,
) -> float:
    """CPU time of the same batch of work at size `large` over size `small`.

    `prepare(n)` builds the structure at size n (untimed) and returns the batch to time. The best of
    `repeats` runs is kept for each size, with the garbage collector off, so the ratio is stable:
    about 1 for O(1) work per operation, about large/small for O(n).
    """
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        small_time = _best_time(_prepared(prepare, small), repeats)
        large_time = _best_time(_prepared(prepare, large), repeats)
    finally:
        if enabled:
            gc.enable()
    return large_time / max(small_time, 1e-9)


def peak_memory(run: Callable[[], object]) -> int:
    """Peak bytes allocated while `run` executes (tracemalloc; in the worker where there is one)."""
    worker = split_worker()
    if worker is not None:
        from grading.split.remote import memory

        with memory(worker) as measured:
            run()
        return measured[0]
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _counted(name: str) -> Any:
    method = getattr(float, name)

    def counted(self: float, other: Any) -> Any:
        Stamp.uses += 1
        return method(self, other)

    return counted


class Stamp(float):
    """A clock reading that counts the comparisons and subtractions made with it.

    A clock returning Stamps counts a solution's work per call (a scan over every stored time
    shows as many uses) the same way on every machine. Reset `Stamp.uses` before measuring.
    """

    uses = 0

    __lt__ = _counted("__lt__")
    __le__ = _counted("__le__")
    __gt__ = _counted("__gt__")
    __ge__ = _counted("__ge__")
    __sub__ = _counted("__sub__")
    __rsub__ = _counted("__rsub__")
