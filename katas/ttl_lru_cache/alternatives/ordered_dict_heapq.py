"""TTL LRU cache on an OrderedDict (recency) plus a heapq of (expires_at, version, key) items.

Each put gives the entry a new version; a heap item whose version is not the entry's current one
is stale and skipped when popped. The heap is rebuilt from the live entries when stale items make
it more than twice their number, so it stays O(capacity) at O(1) amortised cost.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Clock = Callable[[], float]


class TTLCache(Generic[K, V]):
    def __init__(self, capacity: int, default_ttl: float, clock: Clock | None = None) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        if default_ttl <= 0:
            raise ValueError(f"default_ttl must be positive, got {default_ttl}")
        self.capacity = capacity
        self.default_ttl = default_ttl
        self._clock = clock or time.monotonic
        # key -> (value, expires_at, version); least recently used first.
        self._entries: OrderedDict[K, tuple[Any, float, int]] = OrderedDict()
        self._heap: list[tuple[float, int, K]] = []
        self._versions = itertools.count()
        self._lock = threading.Lock()

    def _purge(self, now: float) -> None:
        heap, entries = self._heap, self._entries
        while heap and heap[0][0] <= now:
            _, version, key = heapq.heappop(heap)
            entry = entries.get(key)
            if entry is not None and entry[2] == version:
                del entries[key]

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            self._purge(self._clock())
            entry = self._entries.get(key)
            if entry is None:
                return default
            self._entries.move_to_end(key)
            return entry[0]  # type: ignore[no-any-return]

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        with self._lock:
            now = self._clock()
            self._purge(now)
            version = next(self._versions)
            self._entries[key] = (value, now + ttl, version)
            self._entries.move_to_end(key)
            if len(self._entries) > self.capacity:
                self._entries.popitem(last=False)
            heapq.heappush(self._heap, (now + ttl, version, key))
            if len(self._heap) > 2 * len(self._entries):
                self._heap = [(e[1], e[2], k) for k, e in self._entries.items()]
                heapq.heapify(self._heap)

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())
            return len(self._entries)


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
