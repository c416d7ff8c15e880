"""Mutant: recency kept in a Python list, so every get and put does an O(n) list.remove.

category: perf
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["LRUCache"]


class LRUCache:
    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._values: dict[Any, Any] = {}
        self._order: list[Any] = []  # least recently used first
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            if key not in self._values:
                return default
            self._order.remove(key)
            self._order.append(key)
            return self._values[key]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            if key in self._values:
                self._order.remove(key)
            self._order.append(key)
            self._values[key] = value
            if len(self._order) > self.capacity:
                del self._values[self._order.pop(0)]

    def __len__(self) -> int:
        return len(self._values)
