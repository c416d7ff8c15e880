"""Mutant: idle connections are handed out without a health check.

category: failure
After a database restart every pooled connection fails its first query.
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    @staticmethod
    def _healthy(conn: C) -> bool:
        return True
