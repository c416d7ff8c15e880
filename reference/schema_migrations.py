"""Schema migrations on SQLite: ordered, one transaction each, reversible, checksummed."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    id       INTEGER PRIMARY KEY,
    checksum TEXT NOT NULL
)
"""


class Migration(NamedTuple):
    id: int
    up: str
    down: str


class MigrationError(Exception):
    """A migration failed, or the migration history does not match the database."""


class ChecksumMismatch(MigrationError):
    """An applied migration's SQL was edited after it ran."""


def checksum(migration: Migration) -> str:
    return hashlib.sha256(migration.up.encode("utf-8")).hexdigest()


class Migrator:
    def __init__(
        self, conn: sqlite3.Connection, migrations: Iterable[Migration | tuple[int, str, str]]
    ) -> None:
        known: dict[int, Migration] = {}
        for entry in migrations:
            migration = Migration(*entry)
            if isinstance(migration.id, bool) or not isinstance(migration.id, int):
                raise ValueError(f"migration ids are integers, got {migration.id!r}")
            if migration.id < 1 or migration.id in known:
                raise ValueError(f"migration ids must be positive and unique: {migration.id}")
            known[migration.id] = migration
        # Sorted by id as numbers: the order of the list (or of file names, where "10" sorts
        # before "2") is not the order of the history.
        self._migrations = dict(sorted(known.items()))
        self._conn = conn
        conn.execute(TABLE)

    def applied(self) -> list[int]:
        return [
            row[0] for row in self._conn.execute("SELECT id FROM schema_migrations ORDER BY id")
        ]

    def pending(self) -> list[int]:
        done = set(self.applied())
        return [id_ for id_ in self._migrations if id_ not in done]

    def _stored_checksum(self, id_: int) -> str | None:
        row = self._conn.execute(
            "SELECT checksum FROM schema_migrations WHERE id = ?", (id_,)
        ).fetchone()
        return None if row is None else str(row[0])

    def verify(self) -> None:
        for id_, stored in self._conn.execute("SELECT id, checksum FROM schema_migrations"):
            migration = self._migrations.get(id_)
            if migration is None:
                raise MigrationError(f"migration {id_} is applied but not in the list")
            # Editing a migration that already ran changes nothing in this database, but a fresh
            # database would get the new SQL: the two would silently differ.
            if stored != checksum(migration):
                raise ChecksumMismatch(f"migration {id_} was edited after it was applied")

    def upgrade(self, target: int | None = None) -> list[int]:
        self.verify()
        applied = self.applied()
        newest = max(applied, default=0)
        todo = [id_ for id_ in self.pending() if target is None or id_ <= target]
        late = [id_ for id_ in todo if id_ < newest]
        if late:
            raise MigrationError(f"migrations {late} are older than applied migration {newest}")
        return [id_ for id_ in todo if self._run(self._migrations[id_], up=True)]

    def downgrade(self, target: int = 0) -> list[int]:
        if target < 0:
            raise ValueError(f"target must be 0 or more, got {target}")
        self.verify()
        # Newest first: a later migration may depend on what an earlier one created.
        todo = [id_ for id_ in reversed(self.applied()) if id_ > target]
        for id_ in todo:
            self._run(self._migrations[id_], up=False)
        return todo

    def _run(self, migration: Migration, *, up: bool) -> bool:
        """Run one migration and its bookkeeping in one transaction. False: already done."""
        digest = checksum(migration)
        if up:
            # Claiming the id first makes the primary key a lock: a second process that planned
            # the same migration fails on this INSERT, before running any of the SQL.
            bookkeeping = (
                f"INSERT INTO schema_migrations (id, checksum) VALUES ({migration.id}, '{digest}')"
            )
        else:
            bookkeeping = f"DELETE FROM schema_migrations WHERE id = {migration.id}"
        # executescript() commits any open transaction and then runs in autocommit mode, so the
        # BEGIN must be part of the script: otherwise a failure half-way leaves the first half.
        script = f"BEGIN IMMEDIATE;\n{bookkeeping};\n{migration.up if up else migration.down}\n;\n"
        try:
            self._conn.executescript(script + "COMMIT;")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.rollback()
            if up and self._stored_checksum(migration.id) == digest:
                return False  # another process applied it while we waited for the lock
            direction = "up" if up else "down"
            raise MigrationError(f"migration {migration.id} ({direction}) failed: {exc}") from exc
        return True
