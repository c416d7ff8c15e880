"""Mutant: is_leader trusts the last campaign's answer and has no local deadline.

category: clock
A leader paused past its lease, or cut off from Redis, keeps acting as leader.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, RedisLock, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class LeaderElector(reference.LeaderElector):
    def is_leader(self) -> bool:
        return self._lock.fencing_token is not None
