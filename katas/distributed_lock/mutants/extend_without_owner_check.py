"""Mutant: extend sends PEXPIRE without checking who holds the lock.

category: edge
A holder whose lock expired stretches the new holder's TTL (or any non-owner does).
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class RedisLock(reference.RedisLock):
    def extend(self, ttl_ms: int | None = None) -> bool:
        ttl = self.ttl_ms if ttl_ms is None else ttl_ms
        return bool(self.client.pexpire(self.name, ttl))
