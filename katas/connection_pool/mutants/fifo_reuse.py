"""Mutant: idle connections are reused first-in first-out.

category: clock
Light steady traffic cycles through every connection, so none is ever idle long enough to evict.
"""

from __future__ import annotations

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def _take_or_reserve(self, deadline: float | None) -> C | None:
        self._idle.rotate(-1)  # bring the oldest to the right, where the reference takes from
        return super()._take_or_reserve(deadline)
