"""Mutant: fencing tokens come from a counter in each lock object, not from Redis.

category: example
Two processes hand out the same tokens, so the resource cannot tell the stale holder apart.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class RedisLock(reference.RedisLock):
    _count = 0

    def acquire(self) -> bool:
        if not super().acquire():
            return False
        self._count += 1
        self._fence = self._count
        return True
