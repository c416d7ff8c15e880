"""Mutant: len() counts every entry held, expired ones included.

category: clock
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    def __len__(self) -> int:
        with self._lock:
            return len(self._map)
