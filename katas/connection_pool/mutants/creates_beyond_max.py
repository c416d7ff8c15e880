"""Mutant: the room for a new connection is checked under the lock but only counted after opening.

category: concurrency
A herd of threads all see a free slot and open far more than max_size connections.
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def acquire(self, timeout: float | None = None) -> C:
        with self._cond:
            if self._idle:
                conn = self._idle.pop()[0]
                self._in_use[id(conn)] = conn
                return conn
            room = self._size < self.max_size
        if room:
            conn = self._factory()
            with self._cond:
                self._size += 1
                self._in_use[id(conn)] = conn
            return conn
        return super().acquire(timeout)
