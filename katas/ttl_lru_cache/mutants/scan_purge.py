"""Mutant: every call scans all entries for expired ones instead of using an expiry heap.

category: perf
Correct answers, but get and put cost O(n).
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    def _purge(self, now: float) -> None:
        for node in [n for n in self._map.values() if self._expired(n.expires_at, now)]:
            self._remove(node)

    def _schedule(self, node: Any) -> None:
        pass
