"""Mutant: downgrade() undoes the migrations oldest first.

category: edge
Undoing an early migration first pulls the ground from under the later ones' undo scripts.
"""

from __future__ import annotations

from reference import schema_migrations as reference
from reference.schema_migrations import ChecksumMismatch, Migration, MigrationError

__all__ = ["ChecksumMismatch", "Migration", "MigrationError", "Migrator"]


class Migrator(reference.Migrator):
    def downgrade(self, target: int = 0) -> list[int]:
        if target < 0:
            raise ValueError(target)
        self.verify()
        todo = [id_ for id_ in self.applied() if id_ > target]
        for id_ in todo:
            self._run(self._migrations[id_], up=False)
        return todo
