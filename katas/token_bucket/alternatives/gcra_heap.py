"""GCRA: each bucket is one number, the time it is full again; idle keys leave through a heap.

Instead of a token count and a refill time, a bucket keeps `full_at`: tokens at time t are
`capacity - (full_at - t) * rate`. Taking n tokens pushes `full_at` forward by n / rate. The keyed
limiter stores only that float per key and drops keys whose `full_at` has passed, found through a
min-heap with lazy deletion (compacted when stale entries outnumber live ones).
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
import time
from collections.abc import Callable, Hashable

Clock = Callable[[], float]

# Rounding slack, in tokens, so a wait computed here is enough when the caller waits exactly it.
EPSILON = 1e-9


def _check(capacity: float, rate: float) -> None:
    if capacity <= 0 or rate <= 0:
        raise ValueError(f"capacity and rate must be positive, got {capacity=} {rate=}")


def _check_request(n: float) -> None:
    if not n > 0:
        raise ValueError(f"n must be positive, got {n}")


class _Gcra:
    """Arithmetic on `full_at`, shared by both classes; callers hold their lock."""

    def __init__(self, capacity: float, rate: float) -> None:
        self.capacity = capacity
        self.rate = rate

    def take(self, full_at: float, now: float, n: float) -> float | None:
        """The new `full_at` after taking n tokens at `now`, or None when they are not there."""
        _check_request(n)
        if n > self.capacity:
            return None
        start = max(full_at, now)
        if (start - now) * self.rate + n > self.capacity + EPSILON:
            return None
        return start + n / self.rate

    def wait(self, full_at: float, now: float, n: float) -> float:
        """Seconds after `now` until n tokens are there."""
        _check_request(n)
        if n > self.capacity:
            return math.inf
        short = (max(full_at, now) - now) * self.rate + n - self.capacity
        return 0.0 if short <= EPSILON else short / self.rate


class TokenBucket:
    def __init__(self, capacity: float, rate: float, clock: Clock | None = None) -> None:
        _check(capacity, rate)
        self._gcra = _Gcra(capacity, rate)
        self._clock = clock or time.monotonic
        self._latest = self._clock()
        self._full_at = self._latest
        self._lock = threading.Lock()

    def _now(self) -> tuple[float, float]:
        """(clock reading, latest reading so far): time counts only past the latest reading."""
        reading = self._clock()
        self._latest = max(self._latest, reading)
        return reading, self._latest

    def acquire(self, n: float = 1) -> bool:
        with self._lock:
            _, latest = self._now()
            taken = self._gcra.take(self._full_at, latest, n)
            if taken is None:
                return False
            self._full_at = taken
            return True

    def retry_after(self, n: float = 1) -> float:
        with self._lock:
            reading, latest = self._now()
            wait = self._gcra.wait(self._full_at, latest, n)
            return wait if wait == 0.0 else wait + (latest - reading)


class KeyedLimiter:
    def __init__(self, capacity: float, rate: float, clock: Clock | None = None) -> None:
        _check(capacity, rate)
        self._gcra = _Gcra(capacity, rate)
        self._clock = clock or time.monotonic
        self._latest = -math.inf
        self._full_at: dict[Hashable, float] = {}
        # (full_at, tiebreak, key); an entry is stale when the key's full_at has moved since.
        self._expiry: list[tuple[float, int, Hashable]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()

    def _now(self) -> tuple[float, float]:
        reading = self._clock()
        self._latest = max(self._latest, reading)
        return reading, self._latest

    def _sweep(self, latest: float) -> None:
        """Drop keys that are full again: a new bucket would be the same."""
        while self._expiry and self._expiry[0][0] <= latest:
            full_at, _, key = heapq.heappop(self._expiry)
            if self._full_at.get(key) == full_at:
                del self._full_at[key]
        if len(self._expiry) > 2 * len(self._full_at) + 16:
            self._expiry = [(t, next(self._order), k) for k, t in self._full_at.items()]
            heapq.heapify(self._expiry)

    def acquire(self, key: Hashable, n: float = 1) -> bool:
        with self._lock:
            _, latest = self._now()
            self._sweep(latest)
            taken = self._gcra.take(self._full_at.get(key, latest), latest, n)
            if taken is None:
                return False
            self._full_at[key] = taken
            heapq.heappush(self._expiry, (taken, next(self._order), key))
            return True

    def retry_after(self, key: Hashable, n: float = 1) -> float:
        with self._lock:
            reading, latest = self._now()
            self._sweep(latest)
            wait = self._gcra.wait(self._full_at.get(key, latest), latest, n)
            return wait if wait == 0.0 else wait + (latest - reading)

    def __len__(self) -> int:
        with self._lock:
            return len(self._full_at)
