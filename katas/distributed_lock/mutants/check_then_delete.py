"""Mutant: release compares the value with GET in Python, then sends DEL.

category: failure
If the lock expires and changes hands between the GET and the DEL, the new holder's lock is deleted.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class RedisLock(reference.RedisLock):
    def release(self) -> bool:
        if self._token is None:
            return False
        mine = self.client.get(self.name) == self._token.encode()
        if mine:
            self.client.delete(self.name)
        self._token = self._fence = None
        return mine
