"""Mutant: the store trusts whoever holds the lock and ignores fencing tokens.

category: example
A holder paused past its TTL overwrites the new holder's write.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import LeaderElector, RedisLock, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class FencedStore(reference.FencedStore):
    def write(self, key: str, value: str, token: int) -> None:
        with self._lock:
            self._data[key] = value
