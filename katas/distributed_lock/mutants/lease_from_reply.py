"""Mutant: the local lease is counted from when the reply arrived, not from before the request.

category: clock
After a slow round trip the node believes in its lease longer than Redis keeps it.
"""

from __future__ import annotations

import math

import redis

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, RedisLock, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class LeaderElector(reference.LeaderElector):
    def campaign(self) -> bool:
        held = self._lock.fencing_token is not None
        try:
            won = self._lock.extend() if held else self._lock.acquire()
        except redis.ConnectionError:
            return self.is_leader()
        self._deadline = self._clock() + self._lease if won else -math.inf
        return won
