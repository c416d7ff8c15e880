"""Mutant: get() returns the value but does not make the entry the most recently used.

category: property
The cache evicts in insertion order (FIFO), not in order of use.
"""

from __future__ import annotations

from typing import Any

from reference.lru_cache import LRUCache as _Reference

__all__ = ["LRUCache"]


class LRUCache(_Reference[Any, Any]):
    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            node = self._map.get(key)
            return default if node is None else node.value
