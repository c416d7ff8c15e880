"""Mutant: expired entries are swept by a full scan at most once per second of clock time: cheap
when calls are dense, but O(n) per call when calls are a second apart.

category: perf
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    _last_sweep = float("-inf")

    def _purge(self, now: float) -> None:
        if now - self._last_sweep < 1.0:
            # Between sweeps only the entry about to be read can be stale: checked on get.
            return
        self._last_sweep = now
        for node in [n for n in self._map.values() if self._expired(n.expires_at, now)]:
            self._remove(node)

    def _schedule(self, node: Any) -> None:
        pass

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            node = self._map.get(key)
            if node is not None and self._expired(node.expires_at, self._clock()):
                self._remove(node)
        return super().get(key, default)
