"""Mutant: capacity checked before inserting, so the cache holds one entry more than its capacity.

category: edge
"""

from __future__ import annotations

from typing import Any

from reference.lru_cache import LRUCache as _Reference
from reference.lru_cache import _Node

__all__ = ["LRUCache"]


class LRUCache(_Reference[Any, Any]):
    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            node = self._map.get(key)
            if node is not None:
                node.value = value
                self._touch(node)
                return
            if len(self._map) > self.capacity:
                self._evict()
            node = _Node(key, value)
            self._map[key] = node
            self._push_front(node)
