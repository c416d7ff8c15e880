"""TTL LRU cache on cachetools.TLRUCache (per-item time-to-use, expiry heap), behind one lock.

Each value is stored with its ttl, and the time-to-use function turns that into an expiry. Each
call runs under the cache's own timer context, so the clock is read once per call: a clock moving
between "is it there?" and "give it to me" cannot turn a hit into a KeyError.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import cachetools

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Clock = Callable[[], float]

_MISSING = object()


def _expires(_key: object, entry: tuple[Any, float], now: float) -> float:
    return now + entry[1]


class TTLCache(Generic[K, V]):
    def __init__(self, capacity: int, default_ttl: float, clock: Clock | None = None) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        if default_ttl <= 0:
            raise ValueError(f"default_ttl must be positive, got {default_ttl}")
        self.default_ttl = default_ttl
        self._cache: cachetools.TLRUCache[Any, tuple[Any, float]] = cachetools.TLRUCache(
            maxsize=capacity, ttu=_expires, timer=clock or time.monotonic
        )
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock, self._cache.timer:
            self._cache.expire()
            entry = self._cache.get(key, _MISSING)
            return default if entry is _MISSING else entry[0]  # type: ignore[index]

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        with self._lock, self._cache.timer:
            self._cache[key] = (value, ttl)  # expires first, then evicts the LRU live entry

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)  # purges expired entries first


class StripedTTLCache(Generic[K, V]):
    def __init__(
        self, capacity: int, default_ttl: float, stripes: int = 8, clock: Clock | None = None
    ) -> None:
        if stripes < 1 or capacity < stripes:
            raise ValueError(f"need 1 <= stripes <= capacity, got {stripes=} {capacity=}")
        clock = clock or time.monotonic
        self._stripes: list[TTLCache[K, V]] = [
            TTLCache(capacity // stripes, default_ttl, clock) for _ in range(stripes)
        ]

    def get(self, key: K, default: V | None = None) -> V | None:
        return self._stripes[hash(key) % len(self._stripes)].get(key, default)

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        self._stripes[hash(key) % len(self._stripes)].put(key, value, ttl)

    def __len__(self) -> int:
        return sum(len(stripe) for stripe in self._stripes)
