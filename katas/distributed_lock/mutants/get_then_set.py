"""Mutant: acquire checks with GET whether the lock is free, then SETs it.

category: concurrency
Processes racing for a free lock all see it free and all believe they hold it.
"""

from __future__ import annotations

import secrets

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class RedisLock(reference.RedisLock):
    def acquire(self) -> bool:
        if self.client.get(self.name) is not None:
            return False
        token = secrets.token_hex(16)
        self.client.set(self.name, token, px=self.ttl_ms)
        self._token, self._fence = token, int(self.client.incr(f"{self.name}:fence"))
        return True
