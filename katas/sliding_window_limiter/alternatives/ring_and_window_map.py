"""A fixed ring of `limit` slots for the log; a map from window index to count for the counter.

The log never holds more than `limit` admitted times, so it preallocates that many slots and keeps
a head index and a count instead of a deque. The counter keeps `{window index: count}` with at
most two entries (the current window and the one before), dropping older ones as it goes.
Both take one re-entrant lock per call.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

Clock = Callable[[], float]


def _check(limit: int, window: float) -> None:
    if limit <= 0 or window <= 0:
        raise ValueError(f"limit and window must be positive, got {limit=} {window=}")


class SlidingWindowLog:
    def __init__(self, limit: int, window: float, clock: Clock | None = None) -> None:
        _check(limit, window)
        self._limit = limit
        self._window = window
        self._clock = clock or time.monotonic
        self._slots = [0.0] * limit
        self._head = 0  # the oldest held time
        self._held = 0
        self._lock = threading.RLock()

    def _expire(self, now: float) -> None:
        while self._held and now - self._slots[self._head] >= self._window:
            self._head = (self._head + 1) % self._limit
            self._held -= 1

    def acquire(self) -> bool:
        with self._lock:
            now = self._clock()
            self._expire(now)
            if self._held == self._limit:
                return False
            self._slots[(self._head + self._held) % self._limit] = now
            self._held += 1
            return True

    def retry_after(self) -> float:
        with self._lock:
            now = self._clock()
            self._expire(now)
            if self._held < self._limit:
                return 0.0
            return self._window - (now - self._slots[self._head])

    def __len__(self) -> int:
        with self._lock:
            return self._held


class SlidingWindowCounter:
    def __init__(self, limit: int, window: float, clock: Clock | None = None) -> None:
        _check(limit, window)
        self._limit = limit
        self._window = window
        self._clock = clock or time.monotonic
        self._counts: dict[int, int] = {}
        self._latest = math.floor(self._clock() / window)
        self._lock = threading.RLock()

    def _weighted(self) -> tuple[int, float]:
        now = self._clock()
        index = max(self._latest, math.floor(now / self._window))
        self._latest = index
        for old in [k for k in self._counts if k < index - 1]:
            del self._counts[old]
        into = min(1.0, max(0.0, now / self._window - index))
        weighted = self._counts.get(index, 0) + self._counts.get(index - 1, 0) * (1.0 - into)
        return index, weighted

    def acquire(self) -> bool:
        with self._lock:
            index, weighted = self._weighted()
            if weighted + 1 > self._limit:
                return False
            self._counts[index] = self._counts.get(index, 0) + 1
            return True

    def estimate(self) -> float:
        with self._lock:
            return self._weighted()[1]
