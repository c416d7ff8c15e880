"""Mutant: a miss fills the cache with a plain SET, whatever happened since the load began.

category: concurrency
A reader that loaded the old value puts it back just after a writer invalidated it.
"""

from __future__ import annotations

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]

PLAIN_SET = "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1"


class CacheAside(reference.CacheAside):
    def __init__(self, cache, store, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(cache, store, **kwargs)
        self._fill = cache.register_script(PLAIN_SET)
