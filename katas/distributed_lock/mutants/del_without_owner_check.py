"""Mutant: release is a plain DEL, with no check of who holds the lock.

category: edge
Any lock object, including one whose lock expired long ago, frees the current holder's lock.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class RedisLock(reference.RedisLock):
    def release(self) -> bool:
        self._token = self._fence = None
        return bool(self.client.delete(self.name))
