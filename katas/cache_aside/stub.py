"""Cache-aside over a slow store, with Redis as the cache.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import random  # noqa: F401 - the default randomness is random.random
from collections.abc import Callable
from typing import Any, Protocol

import redis


class Store(Protocol):
    """The source of truth (a database). `load` raises KeyError for a missing key."""

    def load(self, key: str) -> Any: ...

    def save(self, key: str, value: Any) -> None: ...


class CacheAside:
    """Reads through a Redis cache in front of `store`; values are stored as JSON.

    ttl: seconds an entry may live. Each entry's TTL is ttl * (1 - jitter * rand()), so entries
    filled together expire apart; `rand` returns a float in [0, 1) (None: random.random).
    Raise ValueError for a ttl that is not positive or a jitter outside [0, 1).

    Every key written to Redis must have a TTL and start with `prefix`: caches with different
    prefixes share one Redis without seeing each other's entries. Several instances (processes)
    may share one Redis. A hit costs one round trip to Redis.
    """

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
        raise NotImplementedError

    def get(self, key: str) -> Any:
        """The cached value (any JSON value: 0, "" and null are hits), else load and cache it.

        A store error (KeyError included) reaches the caller and nothing is cached. With Redis
        unreachable (from the start, or failing partway through the call), return the store's
        value and raise nothing. A value loaded before a concurrent put()
        of the same key must not be put back into the cache after that put.
        """
        raise NotImplementedError

    def put(self, key: str, value: Any) -> None:
        """Write the store, then make every instance's next get see the new value.

        With Redis unreachable (from the start, or failing partway through the call) the store is
        still written and nothing is raised; the missed invalidation is applied once Redis can be
        reached again.
        """
        raise NotImplementedError

    def invalidate(self, key: str) -> None:
        """Drop the cached entry, so the next get loads from the store."""
        raise NotImplementedError
