"""Mutant: a cached value is tested for truthiness, so 0, "", [] and null count as misses.

category: edge
Keys whose value is falsy go to the store on every read.
"""

from __future__ import annotations

import json
from typing import Any

import redis

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]


class CacheAside(reference.CacheAside):
    def get(self, key: str) -> Any:
        try:
            self._flush_pending()
            cached, version = self._cache.mget(self._keys(key))
        except redis.RedisError:
            return self._store.load(key)
        hit = json.loads(cached) if cached is not None else None
        if hit:
            return hit
        value = self._store.load(key)
        try:
            seen = "" if version is None else version.decode()
            self._fill(keys=self._keys(key), args=[seen, json.dumps(value), self._ttl_ms()])
        except redis.RedisError:
            pass
        return value
