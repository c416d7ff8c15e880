"""Mutant: create() uses INSERT OR REPLACE, so creating an existing key overwrites it.

category: concurrency
Racing creators all "win" and each erases the record the previous one made.
"""

from __future__ import annotations

import json
from typing import Any

from reference import optimistic_locking as reference
from reference.optimistic_locking import Record, VersionConflict

__all__ = ["Record", "VersionConflict", "VersionedStore"]


class VersionedStore(reference.VersionedStore):
    def create(self, key: str, value: Any) -> Record:
        self._conn.execute(
            "INSERT OR REPLACE INTO records (key, value, version) VALUES (?, ?, 1)",
            (key, json.dumps(value)),
        )
        return Record(key, value, 1)
