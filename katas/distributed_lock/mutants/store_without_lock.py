"""Mutant: the fenced store checks and records the highest token without a lock.

category: concurrency
Racing writers pass the check together and a lower token ends up recorded last.
"""

from __future__ import annotations

from reference import distributed_lock as reference
from reference.distributed_lock import LeaderElector, RedisLock, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class FencedStore(reference.FencedStore):
    def write(self, key: str, value: str, token: int) -> None:
        if token < self._highest:
            raise StaleTokenError(f"token {token} is older than {self._highest}")
        self._highest = token
        self._data[key] = value
