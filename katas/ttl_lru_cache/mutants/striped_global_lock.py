"""Mutant: the striped cache takes one lock over all stripes, so every call waits for every other.

category: concurrency
Correct answers, but no more parallel than a single locked cache.
"""

from __future__ import annotations

import threading
from typing import Any

from reference import ttl_lru_cache as reference
from reference.ttl_lru_cache import TTLCache

__all__ = ["StripedTTLCache", "TTLCache"]


class StripedTTLCache(reference.StripedTTLCache[Any, Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._everything = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._everything:
            return super().get(key, default)

    def put(self, key: Any, value: Any, ttl: float | None = None) -> None:
        with self._everything:
            super().put(key, value, ttl)

    def __len__(self) -> int:
        with self._everything:
            return super().__len__()
