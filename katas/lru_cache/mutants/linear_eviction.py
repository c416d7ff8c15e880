"""Mutant: eviction walks the list from the front to find the least recently used node.

category: perf
Correct answers, but every put into a full cache costs O(capacity).
"""

from __future__ import annotations

from typing import Any

from reference.lru_cache import LRUCache as _Reference

__all__ = ["LRUCache"]


class LRUCache(_Reference[Any, Any]):
    def _evict(self) -> None:
        node = self._head.next
        while node.next is not self._tail:
            node = node.next
        self._unlink(node)
        del self._map[node.key]
