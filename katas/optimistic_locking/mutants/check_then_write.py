"""Mutant: update() reads the version, compares it in Python, then writes unconditionally.

category: concurrency
Check-then-act across processes: another writer slips in between the check and the write.
"""

from __future__ import annotations

import json
from typing import Any

from reference import optimistic_locking as reference
from reference.optimistic_locking import Record, VersionConflict

__all__ = ["Record", "VersionConflict", "VersionedStore"]


class VersionedStore(reference.VersionedStore):
    def update(self, key: str, value: Any, expected_version: int) -> Record:
        actual = self._version(key)
        if actual is None:
            raise KeyError(key)
        if actual != expected_version:
            raise VersionConflict(key, expected_version, actual)
        self._conn.execute(
            "UPDATE records SET value = ?, version = ? WHERE key = ?",
            (json.dumps(value), expected_version + 1, key),
        )
        return Record(key, value, expected_version + 1)
