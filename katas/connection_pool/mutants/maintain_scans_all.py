"""Mutant: maintain() looks at every idle connection on each call to find the expired ones, so it
costs O(idle connections) even when none has expired.

category: perf
"""

from __future__ import annotations

import contextlib

from reference import connection_pool as reference
from reference.connection_pool import C, Connection, PoolTimeout

__all__ = ["Connection", "ConnectionPool", "PoolTimeout"]


class ConnectionPool(reference.ConnectionPool[C]):
    def maintain(self) -> None:
        expired = []
        with self._cond:
            if self.idle_timeout is not None:
                now = self._clock()
                spare = len(self._idle) - self.min_idle
                for entry in list(self._idle):
                    if spare > 0 and now - entry[1] >= self.idle_timeout:
                        self._idle.remove(entry)
                        self._size -= 1
                        spare -= 1
                        expired.append(entry[0])
        for conn in expired:
            with contextlib.suppress(Exception):
                conn.close()
        idle_timeout, self.idle_timeout = self.idle_timeout, None
        try:
            super().maintain()  # only the top-up to min_idle
        finally:
            self.idle_timeout = idle_timeout
