"""Cache-aside with optimistic transactions (WATCH/MULTI/EXEC) instead of Lua scripts.

A miss fills the entry inside a transaction that WATCHes the key's version: if a write moved the
version on since the read began, EXEC fails and the old value is not put back. A write deletes the
entry and bumps the version (with a TTL) in one MULTI. Invalidations that cannot reach Redis are
kept and retried before the next use of the cache.
"""

from __future__ import annotations

import contextlib
import json
import random
import threading
from collections.abc import Callable
from typing import Any, Protocol

import redis


class Store(Protocol):
    def load(self, key: str) -> Any: ...

    def save(self, key: str, value: Any) -> None: ...


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
        if not ttl > 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        if not 0 <= jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {jitter}")
        self._redis = cache
        self._store = store
        self._ttl = ttl
        self._jitter = jitter
        self._prefix = prefix
        self._rand = rand or random.random
        self._version_ttl_ms = max(60_000, int(ttl * 10_000))
        self._pending: list[str] = []
        self._lock = threading.Lock()

    def _entry(self, key: str) -> str:
        return f"{self._prefix}:d:{key}"

    def _version(self, key: str) -> str:
        return f"{self._prefix}:v:{key}"

    def _retry_pending(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    return
                key = self._pending[0]
            self._bump(key)  # raises while Redis is unreachable: the key stays pending
            with self._lock:
                if self._pending and self._pending[0] == key:
                    self._pending.pop(0)

    def _bump(self, key: str) -> None:
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._entry(key))
            pipe.incr(self._version(key))
            pipe.pexpire(self._version(key), self._version_ttl_ms)
            pipe.execute()

    def get(self, key: str) -> Any:
        try:
            self._retry_pending()
            raw, seen = self._redis.mget([self._entry(key), self._version(key)])
        except redis.RedisError:
            return self._store.load(key)
        if raw is not None:
            return json.loads(raw)
        value = self._store.load(key)
        ttl_ms = max(1, int(self._ttl * (1 - self._jitter * self._rand()) * 1000))
        try:
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.watch(self._version(key))
                if pipe.get(self._version(key)) == seen:
                    pipe.multi()
                    pipe.set(self._entry(key), json.dumps(value), px=ttl_ms)
                    pipe.execute()
        except (redis.WatchError, redis.RedisError):
            pass  # a write came in between, or Redis is gone: serve the value, skip the fill
        return value

    def put(self, key: str, value: Any) -> None:
        self._store.save(key, value)
        self.invalidate(key)

    def invalidate(self, key: str) -> None:
        with self._lock:
            if key not in self._pending:
                self._pending.append(key)
        with contextlib.suppress(redis.RedisError):
            self._retry_pending()
