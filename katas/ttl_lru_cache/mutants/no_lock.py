"""Mutant: no lock, so threads relink the list, the map and the heap at the same time.

category: concurrency
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from reference import ttl_lru_cache as reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(reference.TTLCache[Any, Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = nullcontext()  # type: ignore[assignment]


class StripedTTLCache(reference.StripedTTLCache[Any, Any]):
    def __init__(self, capacity: int, default_ttl: float, stripes: int = 8, clock: Any = None):
        super().__init__(capacity, default_ttl, stripes, clock)
        self._stripes = [TTLCache(s.capacity, default_ttl, s._clock) for s in self._stripes]
