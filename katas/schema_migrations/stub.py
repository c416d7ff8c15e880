"""Schema migrations on SQLite.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import hashlib  # noqa: F401 - checksums of the migrations' SQL
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple


class Migration(NamedTuple):
    """One schema change: `up` applies it, `down` undoes it (each a SQL script)."""

    id: int
    up: str
    down: str


class MigrationError(Exception):
    """A migration failed, or the migration history does not match the database."""


class ChecksumMismatch(MigrationError):
    """An applied migration's SQL was edited after it ran."""


class Migrator:
    """Applies `migrations` (Migration or plain (id, up, down) tuples) to the database `conn`.

    The ids are positive, unique integers (ValueError otherwise) and give the order, whatever
    the order of the list. What has been applied is recorded in the database itself, in a
    table named `schema_migrations` created here if missing, with a checksum of each applied
    migration's `up` SQL. Migration scripts never contain BEGIN or COMMIT themselves.
    """

    def __init__(
        self, conn: sqlite3.Connection, migrations: Iterable[Migration | tuple[int, str, str]]
    ) -> None:
        raise NotImplementedError

    def applied(self) -> list[int]:
        """Ids of the migrations applied to the database, ascending."""
        raise NotImplementedError

    def pending(self) -> list[int]:
        """Ids of the known migrations not applied yet, ascending."""
        raise NotImplementedError

    def verify(self) -> None:
        """Check the recorded history against the list.

        ChecksumMismatch if an applied migration's `up` SQL has changed since it ran;
        MigrationError if an applied migration is not in the list.
        """
        raise NotImplementedError

    def upgrade(self, target: int | None = None) -> list[int]:
        """Apply the pending migrations with id <= target (None: all), ascending; return their ids.

        First verify(); MigrationError, applying nothing, if a pending migration is older than
        the newest applied one. Each migration and its record commit together or not at all: on
        a failure it leaves no trace, the ones before it stay applied, none after it run, and
        MigrationError is raised. Several processes may upgrade at once: each migration is
        applied exactly once, and is returned only by the call that applied it.
        """
        raise NotImplementedError

    def downgrade(self, target: int = 0) -> list[int]:
        """Undo the applied migrations with id > target, newest first; return their ids.

        First verify(). Each undo is one transaction with its record; a failure leaves that
        migration applied and raises MigrationError. ValueError if target < 0.
        """
        raise NotImplementedError
