"""Statement by statement under BEGIN IMMEDIATE, with the plan re-checked once the lock is held.

Scripts are split with sqlite3.complete_statement and run one execute() at a time on the caller's
connection (switched to manual transactions for the duration), rather than one executescript().
Checksums are BLAKE2b of the up script.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from typing import NamedTuple


class Migration(NamedTuple):
    id: int
    up: str
    down: str


class MigrationError(Exception):
    """A migration failed, or the migration history does not match the database."""


class ChecksumMismatch(MigrationError):
    """An applied migration's SQL was edited after it ran."""


def _digest(sql: str) -> str:
    return hashlib.blake2b(sql.encode(), digest_size=20).hexdigest()


def _statements(script: str) -> Iterator[str]:
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                yield pending
            pending = ""
    if pending.strip(" \t\r\n;"):
        yield pending.rstrip(";")


class Migrator:
    def __init__(
        self, conn: sqlite3.Connection, migrations: Iterable[Migration | tuple[int, str, str]]
    ) -> None:
        self._by_id: dict[int, Migration] = {}
        for raw in migrations:
            number, up, down = raw
            if type(number) is not int or number <= 0 or number in self._by_id:
                raise ValueError(f"bad or repeated migration id {number!r}")
            self._by_id[number] = Migration(number, up, down)
        self._conn = conn
        with self._transaction():
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations"
                " (id INTEGER PRIMARY KEY, checksum TEXT NOT NULL)"
            )

    def _transaction(self) -> _Manual:
        return _Manual(self._conn)

    def _history(self) -> dict[int, str]:
        return dict(self._conn.execute("SELECT id, checksum FROM schema_migrations"))

    def applied(self) -> list[int]:
        return sorted(self._history())

    def pending(self) -> list[int]:
        history = self._history()
        return sorted(number for number in self._by_id if number not in history)

    def verify(self) -> None:
        for number, recorded in sorted(self._history().items()):
            if number not in self._by_id:
                raise MigrationError(f"applied migration {number} is unknown")
            if recorded != _digest(self._by_id[number].up):
                raise ChecksumMismatch(f"migration {number} changed after it ran")

    def upgrade(self, target: int | None = None) -> list[int]:
        self.verify()
        history = self._history()
        top = max(history, default=0)
        wanted = [n for n in self.pending() if target is None or n <= target]
        if any(n < top for n in wanted):
            raise MigrationError("a pending migration is older than the newest applied one")
        done = []
        for number in wanted:
            migration = self._by_id[number]
            with self._transaction() as conn:
                # Another process may have run it while this one waited for the lock.
                if conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE id = ?", (number,)
                ).fetchone():
                    continue
                self._run(conn, migration.up, number)
                conn.execute(
                    "INSERT INTO schema_migrations (id, checksum) VALUES (?, ?)",
                    (number, _digest(migration.up)),
                )
            done.append(number)
        return done

    def downgrade(self, target: int = 0) -> list[int]:
        if target < 0:
            raise ValueError("target must not be negative")
        self.verify()
        undone = []
        for number in sorted(self._history(), reverse=True):
            if number <= target:
                break
            with self._transaction() as conn:
                self._run(conn, self._by_id[number].down, number)
                conn.execute("DELETE FROM schema_migrations WHERE id = ?", (number,))
            undone.append(number)
        return undone

    @staticmethod
    def _run(conn: sqlite3.Connection, script: str, number: int) -> None:
        for statement in _statements(script):
            try:
                conn.execute(statement)
            except sqlite3.Error as exc:
                raise MigrationError(f"migration {number}: {exc}") from exc


class _Manual:
    """BEGIN IMMEDIATE ... COMMIT / ROLLBACK with the connection in manual-transaction mode."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._saved: str | None = None

    def __enter__(self) -> sqlite3.Connection:
        if self._conn.in_transaction:
            self._conn.commit()
        self._saved = self._conn.isolation_level
        self._conn.isolation_level = None
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(self, kind: object, *_: object) -> None:
        try:
            self._conn.execute("ROLLBACK" if kind is not None else "COMMIT")
        finally:
            self._conn.isolation_level = self._saved
