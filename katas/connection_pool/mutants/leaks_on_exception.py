"""Mutant: the context manager releases only when the block ends normally.

category: edge
Every request that raises keeps its connection forever, until the pool runs dry.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[C]:
        conn = self.acquire(timeout)
        yield conn
        self.release(conn)
