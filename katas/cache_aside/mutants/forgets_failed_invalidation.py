"""Mutant: an invalidation that fails during an outage is dropped, not retried.

category: failure
When the cache comes back it serves the value from before the write until the entry expires.
"""

from __future__ import annotations

import contextlib

import redis

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]


class CacheAside(reference.CacheAside):
    def invalidate(self, key: str) -> None:
        with contextlib.suppress(redis.RedisError):
            self._invalidate(keys=self._keys(key), args=[self._version_ttl_ms])
