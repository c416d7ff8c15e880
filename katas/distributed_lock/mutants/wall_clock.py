"""Mutant: the leader's default clock is the wall clock (time.time).

category: clock
An NTP step moves the lease: a leader can outlive its lease or drop a valid one.
"""

from __future__ import annotations

import time

import redis

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, RedisLock, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class LeaderElector(reference.LeaderElector):
    def __init__(
        self,
        client: redis.Redis,
        name: str,
        lease_ms: int = 5_000,
        clock: reference.Clock | None = None,
    ) -> None:
        super().__init__(client, name, lease_ms, clock or time.time)
