"""Mutant: new connections are opened while holding the pool's lock.

category: concurrency
One slow connect (a TLS handshake to a struggling database) stalls every other caller.
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def acquire(self, timeout: float | None = None) -> C:
        with self._cond:
            return super().acquire(timeout)
