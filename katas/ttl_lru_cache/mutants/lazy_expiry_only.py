"""Mutant: expired entries are removed only when read, or when a full cache needs room.

category: perf
Correct answers, but entries that expire unread sit in memory until the cache fills up.
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    def _purge(self, now: float) -> None:
        pass  # no heap, nothing proactive

    def _schedule(self, node: Any) -> None:
        pass

    def _drop_expired(self, now: float) -> None:
        for node in [n for n in self._map.values() if self._expired(n.expires_at, now)]:
            self._remove(node)

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            node = self._map.get(key)
            if node is not None and self._expired(node.expires_at, self._clock()):
                self._remove(node)
        return super().get(key, default)

    def put(self, key: Any, value: Any, ttl: float | None = None) -> None:
        with self._lock:
            if key not in self._map and len(self._map) >= self.capacity:
                self._drop_expired(self._clock())
        super().put(key, value, ttl)

    def __len__(self) -> int:
        with self._lock:
            now = self._clock()
            return sum(not self._expired(n.expires_at, now) for n in self._map.values())
