"""Look at and tamper with a SQLite file from outside the solution, as another process would."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Run a query on a connection of its own and return every row."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def execute(path: Path, sql: str) -> None:
    """Run one statement in autocommit mode on a connection of its own (to plant a fault)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(sql)
    finally:
        conn.close()
