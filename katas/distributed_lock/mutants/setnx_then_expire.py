"""Mutant: SETNX, then PEXPIRE as a second command (the fence is counted after both).

category: failure
A process that dies between the two commands leaves a lock that never expires.
"""

from __future__ import annotations

import secrets

from reference import distributed_lock as reference
from reference.distributed_lock import FencedStore, LeaderElector, StaleTokenError

__all__ = ["FencedStore", "LeaderElector", "RedisLock", "StaleTokenError"]


class RedisLock(reference.RedisLock):
    def acquire(self) -> bool:
        token = secrets.token_hex(16)
        if not self.client.setnx(self.name, token):
            return False
        self.client.pexpire(self.name, self.ttl_ms)
        self._token, self._fence = token, int(self.client.incr(f"{self.name}:fence"))
        return True
