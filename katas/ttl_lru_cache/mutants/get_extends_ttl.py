"""Mutant: a get resets the entry's expiry, so an entry read often never expires.

category: clock
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            now = self._clock()
            self._purge(now)
            node = self._map.get(key)
            if node is None:
                return default
            node.expires_at = now + self.default_ttl
            self._schedule(node)
            self._unlink(node)
            self._push_front(node)
            return node.value
