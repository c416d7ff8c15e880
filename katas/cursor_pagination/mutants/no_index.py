"""Mutant: keyset queries without an index on (created_at, id).

category: perf
Every page, deep or not, sorts the whole table to find the rows after the cursor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reference import cursor_pagination as reference
from reference.cursor_pagination import InvalidCursor, Item, Page

__all__ = ["InvalidCursor", "Item", "Page", "Paginator"]


class Paginator(reference.Paginator):
    def __init__(
        self,
        conn: sqlite3.Connection,
        secret: bytes,
        *,
        default_limit: int = 20,
        max_limit: int = 100,
        max_age: float | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(
            conn,
            secret,
            default_limit=default_limit,
            max_limit=max_limit,
            max_age=max_age,
            clock=clock,
        )
        conn.execute("DROP INDEX items_by_created_at_id")
