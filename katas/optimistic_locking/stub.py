"""Optimistic locking on SQLite.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import json  # noqa: F401 - values are stored as JSON text
import os
import sqlite3  # noqa: F401 - the store is a SQLite database file
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class VersionConflict(Exception):
    """A write expected one version of a record and found another.

    `actual` is the version now stored, or None when the record is gone.
    """

    def __init__(self, key: str, expected: int, actual: int | None) -> None:
        super().__init__(f"{key!r}: expected version {expected}, found {actual}")
        self.key = key
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class Record:
    key: str
    value: Any  # any JSON value
    version: int


class VersionedStore:
    """Versioned records in the SQLite database at `path`.

    One store holds one connection and stands for one process: several stores on one file are
    several processes sharing the database. `timeout` is the busy timeout in seconds: how long a
    write waits for another connection's write before giving up with sqlite3.OperationalError.
    """

    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def get(self, key: str) -> Record:
        """The record stored under `key`. KeyError if there is none."""
        raise NotImplementedError

    def create(self, key: str, value: Any) -> Record:
        """Store a new record at version 1.

        VersionConflict (expected 0, actual the stored version) if the key already exists.
        """
        raise NotImplementedError

    def update(self, key: str, value: Any, expected_version: int) -> Record:
        """Replace the value if the stored version is `expected_version`; the version goes up by 1.

        VersionConflict if another version is stored (nothing is written); KeyError if the key
        does not exist. Returns the new record.
        """
        raise NotImplementedError

    def delete(self, key: str, expected_version: int) -> None:
        """Delete the record if the stored version is `expected_version`.

        VersionConflict if another version is stored; KeyError if the key does not exist.
        """
        raise NotImplementedError

    def update_with_retry(
        self, key: str, change: Callable[[Any], Any], max_attempts: int = 10
    ) -> Record:
        """Set the value to `change(current value)`, retrying when another writer got in first.

        Gives up after `max_attempts` conflicting attempts by raising the last VersionConflict.
        An exception from `change` propagates and nothing is written. KeyError if the key does
        not exist; ValueError if max_attempts < 1.
        """
        raise NotImplementedError
