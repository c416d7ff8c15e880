"""Mutant: Redis errors are not caught; the cache being down fails every read and write.

category: failure
The cache, an optimisation, has become a single point of failure.
"""

from __future__ import annotations

import json
from typing import Any

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]


class CacheAside(reference.CacheAside):
    def get(self, key: str) -> Any:
        cached, version = self._cache.mget(self._keys(key))
        if cached is not None:
            return json.loads(cached)
        value = self._store.load(key)
        seen = "" if version is None else version.decode()
        self._fill(keys=self._keys(key), args=[seen, json.dumps(value), self._ttl_ms()])
        return value

    def invalidate(self, key: str) -> None:
        self._invalidate(keys=self._keys(key), args=[self._version_ttl_ms])
