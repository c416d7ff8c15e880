"""LRU cache with a time-to-live per entry, proactive expiry from a heap, and striped locking."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Clock = Callable[[], float]


class _Node(Generic[K, V]):
    __slots__ = ("expires_at", "key", "next", "prev", "value")

    def __init__(self, key: K, value: V, expires_at: float) -> None:
        self.key = key
        self.value = value
        self.expires_at = expires_at
        self.prev: _Node[K, V] = self
        self.next: _Node[K, V] = self


class TTLCache(Generic[K, V]):
    """At most `capacity` live entries, each expiring `ttl` seconds after its last put."""

    def __init__(self, capacity: int, default_ttl: float, clock: Clock | None = None) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        if default_ttl <= 0:
            raise ValueError(f"default_ttl must be positive, got {default_ttl}")
        self.capacity = capacity
        self.default_ttl = default_ttl
        self._clock = clock or time.monotonic  # looked up now, so freezegun is honoured
        self._map: dict[K, _Node[K, V]] = {}
        # Recency list with sentinels: most recently used after `_head`, least before `_tail`.
        self._head: _Node[K, V] = _Node(cast(K, None), cast(V, None), 0.0)
        self._tail: _Node[K, V] = _Node(cast(K, None), cast(V, None), 0.0)
        self._head.next, self._tail.prev = self._tail, self._head
        # Expiry order: (expires_at, tiebreak, node). Entries go stale when a node is updated or
        # evicted; they are skipped when popped and dropped by compaction when they pile up.
        self._expiry: list[tuple[float, int, _Node[K, V]]] = []
        self._tiebreak = itertools.count()
        self._lock = threading.Lock()

    # -- the recency list ------------------------------------------------------------------------

    def _unlink(self, node: _Node[K, V]) -> None:
        node.prev.next, node.next.prev = node.next, node.prev

    def _push_front(self, node: _Node[K, V]) -> None:
        first = self._head.next
        node.prev, node.next = self._head, first
        self._head.next = first.prev = node

    def _remove(self, node: _Node[K, V]) -> None:
        self._unlink(node)
        del self._map[node.key]

    # -- expiry ----------------------------------------------------------------------------------

    @staticmethod
    def _expired(expires_at: float, now: float) -> bool:
        return expires_at <= now  # the instant of expiry is already too late

    def _purge(self, now: float) -> None:
        """Drop every expired entry: O(log n) each, and O(1) when nothing has expired."""
        while self._expiry and self._expired(self._expiry[0][0], now):
            expires_at, _, node = heapq.heappop(self._expiry)
            # Skip stale heap entries: the node was evicted, or re-put with a later expiry.
            if self._map.get(node.key) is node and node.expires_at == expires_at:
                self._remove(node)

    def _schedule(self, node: _Node[K, V]) -> None:
        heapq.heappush(self._expiry, (node.expires_at, next(self._tiebreak), node))
        if len(self._expiry) > 2 * len(self._map) + 16:
            # Too many stale entries (updates, evictions): rebuild from the live nodes, O(n)
            # once every n pushes, so O(1) amortised and the heap stays O(capacity).
            self._expiry = [(n.expires_at, next(self._tiebreak), n) for n in self._map.values()]
            heapq.heapify(self._expiry)

    # -- the API ---------------------------------------------------------------------------------

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            self._purge(self._clock())
            node = self._map.get(key)
            if node is None:
                return default
            self._unlink(node)  # a read refreshes recency, not the expiry
            self._push_front(node)
            return node.value

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        ttl = self.default_ttl if ttl is None else ttl
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        with self._lock:
            now = self._clock()
            # Expired entries go first, so the eviction below only ever drops a live entry.
            self._purge(now)
            node = self._map.get(key)
            if node is None:
                node = _Node(key, value, now + ttl)
                self._map[key] = node
            else:
                node.value, node.expires_at = value, now + ttl
                self._unlink(node)
            self._push_front(node)
            self._schedule(node)
            if len(self._map) > self.capacity:
                self._remove(self._tail.prev)

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())  # live entries only
            return len(self._map)


class StripedTTLCache(Generic[K, V]):
    """`stripes` independent TTLCaches, each with its own lock; a key lives in stripe hash % n.

    Threads on different stripes never wait for each other. The price: LRU order and capacity are
    per stripe, so a hot stripe evicts while another still has room.
    """

    def __init__(
        self, capacity: int, default_ttl: float, stripes: int = 8, clock: Clock | None = None
    ) -> None:
        if stripes < 1 or capacity < stripes:
            raise ValueError(f"need 1 <= stripes <= capacity, got {stripes=} {capacity=}")
        clock = clock or time.monotonic
        self._stripes: list[TTLCache[K, V]] = [
            TTLCache(capacity // stripes, default_ttl, clock) for _ in range(stripes)
        ]

    def _stripe(self, key: K) -> TTLCache[K, V]:
        return self._stripes[hash(key) % len(self._stripes)]

    def get(self, key: K, default: V | None = None) -> V | None:
        return self._stripe(key).get(key, default)

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        self._stripe(key).put(key, value, ttl)

    def __len__(self) -> int:
        return sum(len(stripe) for stripe in self._stripes)
