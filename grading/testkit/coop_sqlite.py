"""SQLite connections whose lock waits go through the thread scheduler.

SQLite waits for another connection's lock inside C (its busy handler), where the scheduler cannot
see it: the waiting thread would keep the turn while the holder, which needs the turn to commit,
never gets it. In a managed thread these connections ask SQLite not to wait at all and, when the
database is busy, hand the turn on and try again, for at most the connection's own `timeout` of
virtual time, the way SQLite's busy handler would. Outside managed threads nothing changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from grading.testkit import scheduler

T = TypeVar("T")
_real_connect = sqlite3.connect
DEFAULT_TIMEOUT = 5.0


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def _retrying(connection: CoopConnection, call: Callable[[], T]) -> T:
    entry = scheduler.managed()
    if entry is None:
        connection._wait_in_sqlite(True)
        return call()
    sched, index = entry
    connection._wait_in_sqlite(False)
    deadline = sched.now() + connection._kata_timeout
    while True:
        sched.point(index, __file__, 0, "sqlite")
        try:
            return call()
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            left = deadline - sched.now()
            if left <= 0 or not sched.block(index, _someone_moved(sched), left, "SQLite"):
                raise


def _statements(script: str) -> list[str]:
    """Split a script into whole statements (semicolons in strings or triggers stay inside)."""
    found, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\r\n;"):
                found.append(pending)
            pending = ""
    return found


def _someone_moved(sched: scheduler.Scheduler) -> Callable[[], bool]:
    """Ready once another thread moved (a step, or its end): the lock holder may have let go."""
    mark = sched.moves
    return lambda: sched.moves != mark


class CoopCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> CoopCursor:
        connection: CoopConnection = self.connection  # type: ignore[assignment]
        return _retrying(connection, lambda: super(CoopCursor, self).execute(sql, parameters))

    def executemany(self, sql: str, parameters: Any, /) -> CoopCursor:
        connection: CoopConnection = self.connection  # type: ignore[assignment]
        return _retrying(connection, lambda: super(CoopCursor, self).executemany(sql, parameters))

    def executescript(self, script: str, /) -> CoopCursor:
        connection: CoopConnection = self.connection  # type: ignore[assignment]
        if scheduler.managed() is None:
            super().executescript(script)
            return self
        # Statement by statement, so a busy COMMIT is retried alone, not the script from its start.
        if connection.in_transaction and connection.isolation_level is not None:
            connection.commit()  # what executescript does first
        saved = connection.isolation_level
        connection.isolation_level = None  # a script's statements never begin transactions
        try:
            for statement in _statements(script):
                self._execute_one(connection, statement)
        finally:
            connection.isolation_level = saved
        return self

    def _execute_one(self, connection: CoopConnection, statement: str) -> None:
        _retrying(connection, lambda: super(CoopCursor, self).execute(statement))


class CoopConnection(sqlite3.Connection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        timeout = kwargs.get("timeout", args[1] if len(args) > 1 else DEFAULT_TIMEOUT)
        self._kata_timeout = float(timeout)
        self._kata_waits_in_sqlite = True

    def _wait_in_sqlite(self, wait: bool) -> None:
        """SQLite's busy wait outside managed threads; none inside them (the scheduler waits)."""
        if wait == self._kata_waits_in_sqlite:
            return
        milliseconds = int(self._kata_timeout * 1000) if wait else 0
        super().execute(f"PRAGMA busy_timeout = {milliseconds}")
        self._kata_waits_in_sqlite = wait

    def cursor(self, factory: Any = CoopCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script: str, /) -> Any:
        return self.cursor().executescript(script)

    def commit(self) -> None:
        _retrying(self, super().commit)

    def __exit__(self, kind: object, value: object, traceback: object) -> Literal[False]:
        # The C version commits without going through commit(), where the retry lives.
        if kind is None:
            try:
                self.commit()
            except BaseException:
                self.rollback()
                raise
        else:
            self.rollback()
        return False


def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
    if len(args) < 5 and "factory" not in kwargs:
        kwargs["factory"] = CoopConnection
    connection: sqlite3.Connection = _real_connect(database, *args, **kwargs)
    return connection


def install() -> None:
    sqlite3.connect = connect  # type: ignore[assignment]
