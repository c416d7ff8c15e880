"""Token bucket rate limiter: lazy refill from a monotonic clock, per-key buckets, thread-safe."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

Clock = Callable[[], float]


class TokenBucket:
    def __init__(self, capacity: float, rate: float, clock: Clock | None = None) -> None:
        if capacity <= 0 or rate <= 0:
            raise ValueError(f"capacity and rate must be positive, got {capacity=} {rate=}")
        self.capacity = capacity
        self.rate = rate
        # Looked up now, not at import, so freezegun (and tests patching time) are honoured.
        self._clock = clock or time.monotonic
        self._tokens = float(capacity)
        self._last = self._clock()
        self._lock = threading.Lock()

    def _refill(self) -> float:
        now = self._clock()
        # A clock that steps back must not mint tokens: time only counts once it passes `_last`.
        if now > self._last:
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
        return now

    def acquire(self, n: float = 1) -> bool:
        if n <= 0:
            raise ValueError(f"n must be positive, got {n}")
        with self._lock:  # the read-modify-write below is the whole interview point
            self._refill()
            if self._tokens >= n:
                self._tokens -= n
                return True
            return False

    def retry_after(self, n: float = 1) -> float:
        if n <= 0:
            raise ValueError(f"n must be positive, got {n}")
        if n > self.capacity:
            return math.inf
        with self._lock:
            now = self._refill()
            missing = n - self._tokens
            if missing <= 0:
                return 0.0
            # After a clock step back nothing is minted until the clock passes `_last` again.
            return max(0.0, self._last - now) + missing / self.rate


class KeyedLimiter:
    """One bucket per key. A bucket that has refilled to capacity is dropped: a new one is equal."""

    def __init__(self, capacity: float, rate: float, clock: Clock | None = None) -> None:
        if capacity <= 0 or rate <= 0:
            raise ValueError(f"capacity and rate must be positive, got {capacity=} {rate=}")
        self.capacity = capacity
        self.rate = rate
        self._clock = clock or time.monotonic
        self._idle_after = capacity / rate
        # The latest clock reading seen: a clock stepping back neither ages nor renews a bucket.
        self._latest = -math.inf
        # Least recently used first, so the idle sweep only ever looks at the front.
        self._buckets: OrderedDict[Hashable, tuple[TokenBucket, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _bucket(self, key: Hashable) -> TokenBucket:
        self._latest = now = max(self._latest, self._clock())
        while self._buckets:
            oldest, (_, used) = next(iter(self._buckets.items()))
            if now - used < self._idle_after:
                break
            del self._buckets[oldest]
        entry = self._buckets.pop(key, None)
        bucket = entry[0] if entry else TokenBucket(self.capacity, self.rate, self._clock)
        self._buckets[key] = (bucket, now)
        return bucket

    def acquire(self, key: Hashable, n: float = 1) -> bool:
        with self._lock:
            return self._bucket(key).acquire(n)

    def retry_after(self, key: Hashable, n: float = 1) -> float:
        with self._lock:
            return self._bucket(key).retry_after(n)

    def __len__(self) -> int:
        with self._lock:
            return len(self._buckets)
