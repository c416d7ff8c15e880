"""Mutant: executescript() runs the migration in autocommit mode, then the record is written.

category: failure
A migration failing half-way keeps its first statements: the schema is half migrated.
"""

from __future__ import annotations

import sqlite3

from reference import schema_migrations as reference
from reference.schema_migrations import ChecksumMismatch, Migration, MigrationError, checksum

__all__ = ["ChecksumMismatch", "Migration", "MigrationError", "Migrator"]


class Migrator(reference.Migrator):
    def _run(self, migration: Migration, *, up: bool) -> bool:
        try:
            self._conn.executescript(migration.up if up else migration.down)
        except sqlite3.Error as exc:
            raise MigrationError(str(exc)) from exc
        if up:
            self._conn.execute(
                "INSERT INTO schema_migrations (id, checksum) VALUES (?, ?)",
                (migration.id, checksum(migration)),
            )
        else:
            self._conn.execute("DELETE FROM schema_migrations WHERE id = ?", (migration.id,))
        self._conn.commit()
        return True
