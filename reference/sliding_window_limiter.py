"""Sliding window rate limiters: an exact log and a weighted two-window counter."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

Clock = Callable[[], float]


def _check(limit: int, window: float) -> None:
    if limit <= 0 or window <= 0:
        raise ValueError(f"limit and window must be positive, got {limit=} {window=}")


class SlidingWindowLog:
    """Exact: at most `limit` admitted requests in any window of `window` seconds."""

    def __init__(self, limit: int, window: float, clock: Clock | None = None) -> None:
        _check(limit, window)
        self.limit = limit
        self.window = window
        self._clock = clock or time.monotonic
        self._log: deque[float] = deque()  # admitted requests' times, oldest first
        self._lock = threading.Lock()

    def _prune(self, now: float) -> None:
        # A request made at t counts while now - t < window; at exactly t + window it is out.
        while self._log and self._log[0] <= now - self.window:
            self._log.popleft()

    def acquire(self) -> bool:
        with self._lock:
            now = self._clock()
            self._prune(now)
            # Only admitted requests are logged: rejected ones would lock a busy client out
            # forever, and the log stays at most `limit` long.
            if len(self._log) < self.limit:
                self._log.append(now)
                return True
            return False

    def retry_after(self) -> float:
        with self._lock:
            now = self._clock()
            self._prune(now)
            if len(self._log) < self.limit:
                return 0.0
            # The oldest logged request leaves the window at its time + window.
            return self._log[0] + self.window - now

    def __len__(self) -> int:
        with self._lock:
            return len(self._log)


class SlidingWindowCounter:
    """Approximate, O(1) memory: the current window's count plus the previous one's, weighted.

    It assumes the previous window's requests were spread evenly. Within one aligned window it never
    admits more than `limit`; over an unaligned window it can admit up to almost twice `limit` when
    the previous window's requests were all at its end.
    """

    def __init__(self, limit: int, window: float, clock: Clock | None = None) -> None:
        _check(limit, window)
        self.limit = limit
        self.window = window
        self._clock = clock or time.monotonic
        self._index = math.floor(self._clock() / window)  # which window we are in
        self._current = 0
        self._previous = 0
        self._lock = threading.Lock()

    def _roll(self, now: float) -> float:
        """Move to the window holding `now`; return the weight of the previous window."""
        index = math.floor(now / self.window)
        if index > self._index:
            # One window on, the current count becomes the previous one; two or more windows on,
            # the previous window saw nothing.
            self._previous = self._current if index == self._index + 1 else 0
            self._current = 0
            self._index = index
        # The previous window still covers this fraction of the window ending now.
        elapsed = now / self.window - self._index
        return min(1.0, max(0.0, 1.0 - elapsed))

    def _estimate(self, now: float) -> float:
        weight = self._roll(now)  # first: rolling may replace both counts
        return self._previous * weight + self._current

    def acquire(self) -> bool:
        with self._lock:
            # Admit only if the request itself fits: the estimate never goes over the limit.
            if self._estimate(self._clock()) + 1 <= self.limit:
                self._current += 1
                return True
            return False

    def estimate(self) -> float:
        """The weighted count of requests in the window ending now."""
        with self._lock:
            return self._estimate(self._clock())
