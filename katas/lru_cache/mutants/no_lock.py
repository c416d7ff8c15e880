"""Mutant: no lock, so threads relink the list and the map at the same time.

category: concurrency
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from reference.lru_cache import LRUCache as _Reference

__all__ = ["LRUCache"]


class LRUCache(_Reference[Any, Any]):
    def __init__(self, capacity: int) -> None:
        super().__init__(capacity)
        self._lock = nullcontext()  # type: ignore[assignment]
