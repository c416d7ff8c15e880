"""Mutant: update() puts the version in the WHERE clause but never looks at the rows changed.

category: edge
A stale write changes nothing yet reports success, so the caller believes it was saved.
"""

from __future__ import annotations

import json
from typing import Any

from reference import optimistic_locking as reference
from reference.optimistic_locking import Record, VersionConflict

__all__ = ["Record", "VersionConflict", "VersionedStore"]


class VersionedStore(reference.VersionedStore):
    def update(self, key: str, value: Any, expected_version: int) -> Record:
        self._conn.execute(
            "UPDATE records SET value = ?, version = version + 1 WHERE key = ? AND version = ?",
            (json.dumps(value), key, expected_version),
        )
        if self._version(key) is None:
            raise KeyError(key)
        return Record(key, value, expected_version + 1)
