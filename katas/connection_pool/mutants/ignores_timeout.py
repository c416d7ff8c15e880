"""Mutant: acquire ignores its timeout and waits for as long as it takes.

category: edge
When the pool is exhausted, request threads hang instead of failing fast.
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def acquire(self, timeout: float | None = None) -> C:
        return super().acquire(None)
