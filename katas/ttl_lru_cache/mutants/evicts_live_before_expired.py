"""Mutant: a put into a full cache evicts the least recently used entry without first dropping
expired ones, so a live entry goes while an expired one keeps its slot.

category: clock
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    def put(self, key: Any, value: Any, ttl: float | None = None) -> None:
        purge = self._purge
        self._purge = lambda now: None  # type: ignore[method-assign]
        try:
            super().put(key, value, ttl)
        finally:
            self._purge = purge  # type: ignore[method-assign]
