"""Mutant: migration ids are sorted as text, as file names would be ("10" before "2").

category: edge
Migration 10 runs between 1 and 2.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reference import schema_migrations as reference
from reference.schema_migrations import ChecksumMismatch, Migration, MigrationError

__all__ = ["ChecksumMismatch", "Migration", "MigrationError", "Migrator"]


class Migrator(reference.Migrator):
    def __init__(
        self, conn: sqlite3.Connection, migrations: Iterable[Migration | tuple[int, str, str]]
    ) -> None:
        super().__init__(conn, migrations)
        self._migrations = dict(sorted(self._migrations.items(), key=lambda kv: str(kv[0])))

    def upgrade(self, target: int | None = None) -> list[int]:
        self.verify()
        done = set(self.applied())
        todo = [i for i in self._migrations if i not in done and (target is None or i <= target)]
        return [i for i in todo if self._run(self._migrations[i], up=True)]
