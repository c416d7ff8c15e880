"""Mutant: the history check looks for unknown ids but never compares checksums.

category: edge
An applied migration edited afterwards goes unnoticed; fresh databases silently differ.
"""

from __future__ import annotations

from reference import schema_migrations as reference
from reference.schema_migrations import ChecksumMismatch, Migration, MigrationError

__all__ = ["ChecksumMismatch", "Migration", "MigrationError", "Migrator"]


class Migrator(reference.Migrator):
    def verify(self) -> None:
        for (id_,) in self._conn.execute("SELECT id FROM schema_migrations"):
            if id_ not in self._migrations:
                raise MigrationError(f"migration {id_} is applied but not in the list")
