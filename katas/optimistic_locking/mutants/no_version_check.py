"""Mutant: update() writes without checking the version (the lost update).

category: concurrency
Two processes that read the same version both write; the second silently erases the first.
"""

from __future__ import annotations

import json
from typing import Any

from reference import optimistic_locking as reference
from reference.optimistic_locking import Record, VersionConflict

__all__ = ["Record", "VersionConflict", "VersionedStore"]


class VersionedStore(reference.VersionedStore):
    def update(self, key: str, value: Any, expected_version: int) -> Record:
        cursor = self._conn.execute(
            "UPDATE records SET value = ?, version = version + 1 WHERE key = ?",
            (json.dumps(value), key),
        )
        if cursor.rowcount == 0:
            raise KeyError(key)
        return self.get(key)
