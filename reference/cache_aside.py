"""Cache-aside over a slow store, with Redis as the cache: jittered TTLs, invalidation on write,
errors never cached, reads that survive the cache being down, and no stale fill after a write."""

from __future__ import annotations

import contextlib
import json
import random
import threading
from collections.abc import Callable
from typing import Any, Protocol

import redis


class Store(Protocol):
    """The source of truth (a database). `load` raises KeyError for a missing key."""

    def load(self, key: str) -> Any: ...

    def save(self, key: str, value: Any) -> None: ...


# Fill only if no write happened since the read began: a reader that loaded the old value before
# a concurrent write must not put it back into the cache after the write invalidated it.
FILL_LUA = """
if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""

# Drop the entry and move the key's version on, in one step.
INVALIDATE_LUA = """
redis.call('DEL', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
"""


class CacheAside:
    def __init__(
        self,
        cache: redis.Redis,
        store: Store,
        *,
        ttl: float,
        jitter: float = 0.1,
        prefix: str = "cache",
        rand: Callable[[], float] | None = None,
    ) -> None:
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        if not 0 <= jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {jitter}")
        self.ttl = ttl
        self.jitter = jitter
        self._cache = cache
        self._store = store
        self._prefix = prefix
        self._rand = rand or random.random
        self._fill = cache.register_script(FILL_LUA)
        self._invalidate = cache.register_script(INVALIDATE_LUA)
        # A version must outlive any load that started before the write that bumped it.
        self._version_ttl_ms = max(60_000, round(ttl * 10_000))
        # Invalidations that could not reach the cache: applied before it is used again.
        self._pending: set[str] = set()
        self._lock = threading.Lock()

    def _keys(self, key: str) -> list[str]:
        return [f"{self._prefix}:data:{key}", f"{self._prefix}:version:{key}"]

    def _ttl_ms(self) -> int:
        # Spread expiries so entries filled together do not all expire (and reload) together.
        # Only shortened, so no entry lives longer than `ttl`.
        return max(1, round(self.ttl * (1 - self.jitter * self._rand()) * 1000))

    def _flush_pending(self) -> None:
        """Apply invalidations missed during an outage; raises RedisError if still down."""
        with self._lock:
            pending = sorted(self._pending)
        for key in pending:
            self._invalidate(keys=self._keys(key), args=[self._version_ttl_ms])
            with self._lock:
                self._pending.discard(key)

    def get(self, key: str) -> Any:
        try:
            self._flush_pending()
            cached, version = self._cache.mget(self._keys(key))
        except redis.RedisError:
            # The cache is an optimisation: without it, read the source of truth.
            return self._store.load(key)
        # `is not None`: a cached 0, "" or null is a hit, not a miss.
        if cached is not None:
            return json.loads(cached)
        value = self._store.load(key)  # an error propagates and nothing is cached
        try:
            seen = version.decode() if isinstance(version, bytes) else (version or "")
            self._fill(keys=self._keys(key), args=[seen, json.dumps(value), self._ttl_ms()])
        except redis.RedisError:
            pass
        return value

    def put(self, key: str, value: Any) -> None:
        # Write the source of truth first, then delete (not overwrite) the cached copy: two
        # writers setting the cache can leave the older value there.
        self._store.save(key, value)
        self.invalidate(key)

    def invalidate(self, key: str) -> None:
        with self._lock:
            self._pending.add(key)
        # Still pending if the cache is down; the entry's TTL bounds the staleness meanwhile.
        with contextlib.suppress(redis.RedisError):
            self._flush_pending()
