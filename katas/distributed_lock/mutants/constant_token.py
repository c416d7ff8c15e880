"""Mutant: the lock value identifies the process (a fixed id), not the acquisition.

category: edge
Two lock objects in one process share the value, so either can release the other's lock.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]

PROCESS_ID = "worker-1"


class RedisLock(reference.RedisLock):
    def acquire(self) -> bool:
        fence = self._acquire(
            keys=[self.name, f"{self.name}:fence"], args=[PROCESS_ID, self.ttl_ms]
        )
        if fence is None:
            return False
        self._token, self._fence = PROCESS_ID, int(fence)
        return True

    def release(self) -> bool:
        self._token = PROCESS_ID  # "we are worker-1, so the lock is ours"
        return super().release()
