"""Optimistic locking on SQLite: versioned records, compare-and-set, retry on a fresh read."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL,
    version INTEGER NOT NULL
)
"""


class VersionConflict(Exception):
    """A write expected one version of a record and found another (None: the record is gone)."""

    def __init__(self, key: str, expected: int, actual: int | None) -> None:
        super().__init__(f"{key!r}: expected version {expected}, found {actual}")
        self.key = key
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class Record:
    key: str
    value: Any
    version: int


class VersionedStore:
    """Records with a version column. One store holds one connection: one store per process."""

    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0) -> None:
        # Autocommit (isolation_level=None): each statement is its own transaction, so no read
        # lock is held between a get() and the update() that follows it - that is the "optimistic"
        # part. The busy timeout makes a writer wait for another writer instead of failing with
        # "database is locked".
        self._conn = sqlite3.connect(
            path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        self._conn.execute(SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def _version(self, key: str) -> int | None:
        row = self._conn.execute("SELECT version FROM records WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def get(self, key: str) -> Record:
        row = self._conn.execute(
            "SELECT value, version FROM records WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            raise KeyError(key)
        return Record(key, json.loads(row[0]), int(row[1]))

    def create(self, key: str, value: Any) -> Record:
        try:
            self._conn.execute(
                "INSERT INTO records (key, value, version) VALUES (?, ?, 1)",
                (key, json.dumps(value)),
            )
        except sqlite3.IntegrityError:
            # The primary key is the check: of two racing creators exactly one inserts.
            raise VersionConflict(key, 0, self._version(key)) from None
        return Record(key, value, 1)

    def update(self, key: str, value: Any, expected_version: int) -> Record:
        # Compare and set in ONE statement: the version check and the write cannot be split by
        # another writer. Reading the version first and then writing would be check-then-act.
        cursor = self._conn.execute(
            "UPDATE records SET value = ?, version = version + 1 WHERE key = ? AND version = ?",
            (json.dumps(value), key, expected_version),
        )
        if cursor.rowcount == 1:
            return Record(key, value, expected_version + 1)
        # No row matched: say why (the read is only for the message; the decision is made).
        actual = self._version(key)
        if actual is None:
            raise KeyError(key)
        raise VersionConflict(key, expected_version, actual)

    def delete(self, key: str, expected_version: int) -> None:
        cursor = self._conn.execute(
            "DELETE FROM records WHERE key = ? AND version = ?", (key, expected_version)
        )
        if cursor.rowcount == 1:
            return
        actual = self._version(key)
        if actual is None:
            raise KeyError(key)
        raise VersionConflict(key, expected_version, actual)

    def update_with_retry(
        self, key: str, change: Callable[[Any], Any], max_attempts: int = 10
    ) -> Record:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {max_attempts}")
        conflict: VersionConflict | None = None
        for _ in range(max_attempts):
            # A fresh read on every attempt: the new value must be computed from what is stored
            # now. Retrying with the old version never succeeds; with the old value, it loses
            # the other writer's update.
            record = self.get(key)
            try:
                return self.update(key, change(record.value), record.version)
            except VersionConflict as exc:
                conflict = exc
        assert conflict is not None
        raise conflict
