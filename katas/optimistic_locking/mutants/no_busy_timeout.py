"""Mutant: the connection has no busy timeout.

category: concurrency
A write that meets another connection's write lock fails at once with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3

from reference import optimistic_locking as reference
from reference.optimistic_locking import SCHEMA, Record, VersionConflict

__all__ = ["Record", "VersionConflict", "VersionedStore"]


class VersionedStore(reference.VersionedStore):
    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0) -> None:
        self._conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(SCHEMA)
