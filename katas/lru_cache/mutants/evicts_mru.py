"""Mutant: a put into a full cache evicts the most recently used entry instead of the least.

category: example
"""

from __future__ import annotations

from typing import Any

from reference.lru_cache import LRUCache as _Reference

__all__ = ["LRUCache"]


class LRUCache(_Reference[Any, Any]):
    def _evict(self) -> None:
        # The new node is already at the front: take the one right behind it.
        mru = self._head.next.next
        self._unlink(mru)
        del self._map[mru.key]
