"""Mutant: each migration is one transaction, but the plan is never re-checked under the lock.

category: concurrency
Two processes that both saw a migration pending both run it; the second fails ("table already
exists") or applies a data migration twice.
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
                "INSERT OR REPLACE INTO schema_migrations (id, checksum)"
                f" VALUES ({migration.id}, '{checksum(migration)}')"
            )
        else:
            record = f"DELETE FROM schema_migrations WHERE id = {migration.id}"
        body = migration.up if up else migration.down
        try:
            self._conn.executescript(f"BEGIN IMMEDIATE;\n{body}\n;\n{record};\nCOMMIT;")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.rollback()
            raise MigrationError(str(exc)) from exc
        return True
