"""Mutant: release() checks that the connection is checked out by scanning every checked-out
connection, so it costs O(connections) instead of O(1).

category: perf
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def release(self, conn: C) -> None:
        with self._cond:
            if conn not in list(self._in_use.values()):
                raise ValueError("connection is not checked out from this pool")
        super().release(conn)
