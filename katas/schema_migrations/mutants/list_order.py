"""Mutant: migrations run in the order of the list, not by id.

category: edge
A list given out of order applies a migration before the one it builds on.
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
        given = [Migration(*m) for m in migrations]
        super().__init__(conn, given)
        self._migrations = {m.id: m for m in given}
