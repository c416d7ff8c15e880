"""Mutant: put() on an existing key updates the value but leaves its place in the order.

category: edge
"""

from __future__ import annotations

from typing import Any

from reference.lru_cache import LRUCache as _Reference

__all__ = ["LRUCache"]


class LRUCache(_Reference[Any, Any]):
    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            node = self._map.get(key)
            if node is not None:
                node.value = value
                return
        super().put(key, value)
