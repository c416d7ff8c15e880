"""Mutant: update_with_retry reads once and retries the same stale version.

category: edge
After one conflict every attempt conflicts again, so the retry can never succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reference import optimistic_locking as reference
from reference.optimistic_locking import Record, VersionConflict

__all__ = ["Record", "VersionConflict", "VersionedStore"]


class VersionedStore(reference.VersionedStore):
    def update_with_retry(
        self, key: str, change: Callable[[Any], Any], max_attempts: int = 10
    ) -> Record:
        if max_attempts < 1:
            raise ValueError(max_attempts)
        record = self.get(key)
        conflict: VersionConflict | None = None
        for _ in range(max_attempts):
            try:
                return self.update(key, change(record.value), record.version)
            except VersionConflict as exc:
                conflict = exc
        assert conflict is not None
        raise conflict
