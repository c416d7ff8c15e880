"""LRU cache on cachetools.LRUCache, with one lock around each call as cachetools documents.

cachetools caches are not thread-safe; its get reorders, so reads take the lock too.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any, Generic, TypeVar

import cachetools

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self._cache: cachetools.LRUCache[Any, Any] = cachetools.LRUCache(maxsize=capacity)
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            return self._cache.get(key, default)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._cache[key] = value  # evicts the least recently used before inserting

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)
