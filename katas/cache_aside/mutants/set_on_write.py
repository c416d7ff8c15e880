"""Mutant: put() overwrites the cached entry with the new value instead of deleting it.

category: concurrency
Two writers racing can leave the older value in the cache while the store has the newer one.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import redis

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]


class CacheAside(reference.CacheAside):
    def put(self, key: str, value: Any) -> None:
        self._store.save(key, value)
        with contextlib.suppress(redis.RedisError):
            self._cache.set(self._keys(key)[0], json.dumps(value), px=self._ttl_ms())
