"""LRU cache whose entries also expire: a time-to-live per entry, proactive expiry, striped locks.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import time  # noqa: F401 - the default clock is time.monotonic
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Clock = Callable[[], float]


class TTLCache(Generic[K, V]):
    """At most `capacity` live entries; each expires `ttl` seconds after it was last put.

    `clock` returns seconds; None means `time.monotonic`, looked up when the cache is created.
    Raise ValueError for a capacity below 1 or a default_ttl that is not positive.
    An entry put at time t with ttl d expires at t + d: from that instant on it is a miss.
    Expired entries must not sit in memory until someone reads them. get, put and len are O(1)
    plus O(log n) per expired entry (never a scan of the whole cache), memory is O(capacity)
    however many puts there were, and every call is safe from many threads at once.
    """

    def __init__(self, capacity: int, default_ttl: float, clock: Clock | None = None) -> None:
        raise NotImplementedError

    def get(self, key: K, default: V | None = None) -> V | None:
        """The live value for `key` (which becomes the most recently used), else `default`.

        A read does not extend the entry's time to live.
        """
        raise NotImplementedError

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        """Store `value` under `key` as the most recently used entry, expiring `ttl` seconds from
        now (None: `default_ttl`; not positive: ValueError). An existing key gets the new value
        and a new expiry. If that makes more than `capacity` entries, drop expired entries first,
        then the least recently used live one.
        """
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of live (unexpired) entries: never more than `capacity`."""
        raise NotImplementedError


class StripedTTLCache(Generic[K, V]):
    """`stripes` independent TTLCaches, each holding `capacity // stripes` entries under its own
    lock. A key lives in stripe `hash(key) % stripes`. Calls on different stripes never wait for
    each other. Raise ValueError unless 1 <= stripes <= capacity.
    """

    def __init__(
        self, capacity: int, default_ttl: float, stripes: int = 8, clock: Clock | None = None
    ) -> None:
        raise NotImplementedError

    def get(self, key: K, default: V | None = None) -> V | None:
        raise NotImplementedError

    def put(self, key: K, value: V, ttl: float | None = None) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        """Live entries over all stripes."""
        raise NotImplementedError
