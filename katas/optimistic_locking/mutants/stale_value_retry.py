"""Mutant: on a conflict update_with_retry re-reads the version but keeps the value it computed.

category: concurrency
The retry succeeds with the new version and a value built from the old one: a lost update.
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
        value = change(self.get(key).value)
        conflict: VersionConflict | None = None
        for _ in range(max_attempts):
            try:
                return self.update(key, value, self.get(key).version)
            except VersionConflict as exc:
                conflict = exc
        assert conflict is not None
        raise conflict
