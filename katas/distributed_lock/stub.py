"""Distributed lock on Redis, fencing tokens and leader election.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import time  # noqa: F401 - the default clock is time.monotonic
from collections.abc import Callable

import redis

Clock = Callable[[], float]


class StaleTokenError(Exception):
    """A write carried a fencing token older than one the resource has already accepted."""


class RedisLock:
    """A lock shared by every process that uses the same Redis and the same `name`.

    The lock lives at the Redis key `name` and expires `ttl_ms` milliseconds after it is taken
    (or last extended), so a holder that crashes cannot block the others forever. Each
    acquisition stores a value that only this holder knows. Fencing tokens are counted at the key
    `f"{name}:fence"`. Raise ValueError for a ttl_ms that is not positive. Redis errors
    (redis.ConnectionError) propagate: never report a lock as held when Redis did not say so.
    """

    def __init__(self, client: redis.Redis, name: str, ttl_ms: int = 10_000) -> None:
        raise NotImplementedError

    @property
    def fencing_token(self) -> int | None:
        """The fencing token of the current acquisition: larger than every earlier one for this
        name. None when this object holds nothing (never acquired, released, or found lost)."""
        raise NotImplementedError

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; True if taken. Never blocks, never re-enters: a
        second acquire on a held lock is False and leaves the first acquisition as it was."""
        raise NotImplementedError

    def release(self) -> bool:
        """Release the lock if this object still holds it; True if it did. A lock that expired
        and was taken by someone else is left alone (False)."""
        raise NotImplementedError

    def extend(self, ttl_ms: int | None = None) -> bool:
        """Reset the expiry to `ttl_ms` (default: the constructor's) if this object still holds
        the lock; True if it did. A lost lock is not revived: False, and this object then holds
        nothing."""
        raise NotImplementedError


class FencedStore:
    """The resource the lock protects (a file, a database row). It checks fencing tokens itself."""

    def __init__(self) -> None:
        raise NotImplementedError

    def write(self, key: str, value: str, token: int) -> None:
        """Store `value` unless `token` is lower than a token already accepted: then raise
        StaleTokenError and change nothing. A repeated token is accepted. Thread-safe."""
        raise NotImplementedError

    def read(self, key: str) -> str | None:
        raise NotImplementedError


class LeaderElector:
    """One node's view of a leader election held on the lock `name` with a lease of `lease_ms`.

    Every node calls `campaign()` regularly (say every lease / 3). `clock` returns seconds; None
    means `time.monotonic`, looked up when the elector is created.
    """

    def __init__(
        self, client: redis.Redis, name: str, lease_ms: int = 5_000, clock: Clock | None = None
    ) -> None:
        raise NotImplementedError

    def campaign(self) -> bool:
        """Become leader if nobody is, or renew this node's lease if it leads. Return whether this
        node is leader afterwards. A leader whose renewal is refused steps down at once; one
        that cannot reach Redis stays leader only while its current lease surely lasts."""
        raise NotImplementedError

    def is_leader(self) -> bool:
        """True only while this node won or renewed the lease less than `lease_ms` ago, counted
        from before the request was sent, on the local clock."""
        raise NotImplementedError

    @property
    def term(self) -> int | None:
        """The fencing token of the current leadership while leader, else None."""
        raise NotImplementedError

    def resign(self) -> None:
        """Give up leadership now, so another node can win at its next campaign."""
        raise NotImplementedError
