"""Each write takes SQLite's write lock first (BEGIN IMMEDIATE), then compares versions in Python.

Holding the write lock makes read-compare-write one atomic step, so the version check need not
live in the UPDATE's WHERE clause. Values are JSON text in SQLite's default rollback journal.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


class VersionConflict(Exception):
    """A write expected one version of a record and found another."""

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
    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0) -> None:
        self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS kv"
            " (k TEXT PRIMARY KEY, doc TEXT NOT NULL, v INTEGER NOT NULL)"
        )

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _locked(self, key: str) -> Iterator[tuple[str, int] | None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db.execute("SELECT doc, v FROM kv WHERE k = ?", (key,)).fetchone()
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def get(self, key: str) -> Record:
        row = self._db.execute("SELECT doc, v FROM kv WHERE k = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return Record(key, json.loads(row[0]), row[1])

    def create(self, key: str, value: Any) -> Record:
        with self._locked(key) as row:
            if row is not None:
                raise VersionConflict(key, 0, row[1])
            self._db.execute("INSERT INTO kv VALUES (?, ?, 1)", (key, json.dumps(value)))
        return Record(key, value, 1)

    def _checked(self, key: str, row: tuple[str, int] | None, expected: int) -> None:
        if row is None:
            raise KeyError(key)
        if row[1] != expected:
            raise VersionConflict(key, expected, row[1])

    def update(self, key: str, value: Any, expected_version: int) -> Record:
        with self._locked(key) as row:
            self._checked(key, row, expected_version)
            self._db.execute(
                "UPDATE kv SET doc = ?, v = ? WHERE k = ?",
                (json.dumps(value), expected_version + 1, key),
            )
        return Record(key, json.loads(json.dumps(value)), expected_version + 1)

    def delete(self, key: str, expected_version: int) -> None:
        with self._locked(key) as row:
            self._checked(key, row, expected_version)
            self._db.execute("DELETE FROM kv WHERE k = ?", (key,))

    def update_with_retry(
        self, key: str, change: Callable[[Any], Any], max_attempts: int = 10
    ) -> Record:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        attempt = 0
        while True:
            attempt += 1
            current = self.get(key)
            try:
                return self.update(key, change(current.value), current.version)
            except VersionConflict:
                if attempt == max_attempts:
                    raise
