"""Mutant: put() writes the store but leaves the cached entry in place.

category: example
Reads return the old value until the entry expires: a stale read after a write.
"""

from __future__ import annotations

from typing import Any

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]


class CacheAside(reference.CacheAside):
    def put(self, key: str, value: Any) -> None:
        self._store.save(key, value)
