"""LRU cache: a dict for O(1) lookup plus a doubly linked list with sentinels for O(1) recency."""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Node(Generic[K, V]):
    __slots__ = ("key", "next", "prev", "value")

    def __init__(self, key: K, value: V) -> None:
        self.key = key
        self.value = value
        self.prev: _Node[K, V] = self
        self.next: _Node[K, V] = self


class LRUCache(Generic[K, V]):
    """Holds at most `capacity` entries; a put beyond that evicts the least recently used one."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._map: dict[K, _Node[K, V]] = {}
        # Two sentinels: the list is never empty, so linking and unlinking have no special cases.
        # Most recently used right after `_head`, least recently used right before `_tail`.
        self._head: _Node[K, V] = _Node(cast(K, None), cast(V, None))
        self._tail: _Node[K, V] = _Node(cast(K, None), cast(V, None))
        self._head.next, self._tail.prev = self._tail, self._head
        self._lock = threading.Lock()

    def _unlink(self, node: _Node[K, V]) -> None:
        node.prev.next, node.next.prev = node.next, node.prev

    def _push_front(self, node: _Node[K, V]) -> None:
        first = self._head.next
        node.prev, node.next = self._head, first
        self._head.next = first.prev = node

    def _touch(self, node: _Node[K, V]) -> None:
        """Make `node` the most recently used: O(1) because it knows its neighbours."""
        self._unlink(node)
        self._push_front(node)

    def _evict(self) -> None:
        lru = self._tail.prev  # O(1): the least recently used sits just before the tail
        self._unlink(lru)
        del self._map[lru.key]  # the node keeps its key so the map entry can go too

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            node = self._map.get(key)
            if node is None:
                return default
            self._touch(node)
            return node.value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            node = self._map.get(key)
            if node is not None:
                node.value = value
                self._touch(node)  # an update is a use too
                return
            node = _Node(key, value)
            self._map[key] = node
            self._push_front(node)
            if len(self._map) > self.capacity:
                self._evict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._map)
