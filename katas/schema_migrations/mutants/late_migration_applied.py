"""Mutant: a new migration older than the newest applied one is applied anyway.

category: edge
A branch merged late runs its migration after later ones: the history differs from every
other database that ran them in id order.
"""

from __future__ import annotations

from reference import schema_migrations as reference
from reference.schema_migrations import ChecksumMismatch, Migration, MigrationError

__all__ = ["ChecksumMismatch", "Migration", "MigrationError", "Migrator"]


class Migrator(reference.Migrator):
    def upgrade(self, target: int | None = None) -> list[int]:
        self.verify()
        todo = [i for i in self.pending() if target is None or i <= target]
        return [i for i in todo if self._run(self._migrations[i], up=True)]
