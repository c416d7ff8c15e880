"""Clocks that tests drive by hand. Time never passes unless a test says so."""

from __future__ import annotations

import threading
from collections.abc import Callable

# Called before any fake clock moves: calls queued for a solution in another process (a timed
# batch, grading/split/remote.py) are sent first, so they see the time they were made at.
before_move: list[Callable[[], None]] = []


def _moving() -> None:
    for hook in list(before_move):
        hook()


class FakeClock:
    """A callable returning seconds, like `time.monotonic`, moved only by `advance` and `set`."""

    def __init__(self, start: float = 1_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        _moving()
        with self._lock:
            self._now += seconds

    def set(self, now: float) -> None:
        """Jump to `now`, backwards included (to test clocks that step back)."""
        _moving()
        with self._lock:
            self._now = now


class GateClock(FakeClock):
    """A frozen clock whose reads line threads up, so an unlocked read-modify-write races every run.

    Each read waits until `parties` threads are reading at once, or `patience` seconds pass. Threads
    that read shared state before or after the clock without a lock therefore all act on one stale
    view. A correct solution reads the clock inside its lock, so only one thread ever waits here and
    it costs `patience` per read: keep reads through the gate few (one round per thread).
    """

    def __init__(self, parties: int, patience: float = 0.05, start: float = 1_000.0) -> None:
        super().__init__(start)
        self._parties = parties
        self._patience = patience
        self._cond = threading.Condition()
        self._waiting = 0
        self._generation = 0
        self.open = True

    def __call__(self) -> float:
        if self.open:
            self._wait_for_company()
        return super().__call__()

    def _wait_for_company(self) -> None:
        with self._cond:
            generation = self._generation
            self._waiting += 1
            if self._waiting >= self._parties:
                self._generation += 1
                self._waiting = 0
                self._cond.notify_all()
                return
            if not self._cond.wait_for(lambda: self._generation != generation, self._patience):
                self._waiting -= 1
