"""Mutant: when the factory raises, the reserved slot is never given back.

category: failure
Each failed open (the database briefly down) shrinks the pool for good.
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def acquire(self, timeout: float | None = None) -> C:
        deadline = None if timeout is None else reference.time.monotonic() + timeout
        while True:
            with self._cond:
                conn = self._take_or_reserve(deadline)
            if conn is None:
                conn = self._factory()
                with self._cond:
                    self._in_use[id(conn)] = conn
                return conn
            if self._healthy(conn):
                return conn
            self._forget(conn)
