"""Mutant: a failed load is swallowed and cached as null.

category: failure
Callers get None instead of the error, and keep getting it until the entry expires.
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
        if cached is not None:
            return json.loads(cached)
        try:
            value = self._store.load(key)
        except Exception:
            value = None
        seen = "" if version is None else version.decode()
        self._fill(keys=self._keys(key), args=[seen, json.dumps(value), self._ttl_ms()])
        return value
