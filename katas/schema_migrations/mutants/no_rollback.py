"""Mutant: the script starts a transaction, but a failure is never rolled back.

category: failure
The failed migration's first statements stay pending in an open transaction, holding the write
lock, and the next commit on the connection makes them permanent.
"""

from __future__ import annotations

import sqlite3

from reference import schema_migrations as reference
from reference.schema_migrations import ChecksumMismatch, Migration, MigrationError, checksum

__all__ = ["ChecksumMismatch", "Migration", "MigrationError", "Migrator"]


class Migrator(reference.Migrator):
    def _run(self, migration: Migration, *, up: bool) -> bool:
        if up:
            record = (
                "INSERT INTO schema_migrations (id, checksum)"
                f" VALUES ({migration.id}, '{checksum(migration)}')"
            )
        else:
            record = f"DELETE FROM schema_migrations WHERE id = {migration.id}"
        body = migration.up if up else migration.down
        try:
            self._conn.executescript(f"BEGIN;\n{body}\n;\n{record};\nCOMMIT;")
        except sqlite3.Error as exc:
            raise MigrationError(str(exc)) from exc
        return True
