"""Cursor pagination over SQLite.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import base64  # noqa: F401 - cursors are URL-safe text
import hashlib  # noqa: F401
import hmac  # noqa: F401 - cursors are signed
import sqlite3
import time  # noqa: F401 - the default clock is time.time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


class InvalidCursor(ValueError):
    """The cursor was not issued by this service, was altered, or has expired."""


@dataclass(frozen=True)
class Item:
    id: int
    created_at: int
    title: str


@dataclass(frozen=True)
class Page:
    items: list[Item]
    next_cursor: str | None  # None on the last page


class Paginator:
    """Pages through the table `items (id INTEGER PRIMARY KEY, created_at INTEGER, title TEXT)`.

    Order: newest first (created_at descending), and by id descending among equal created_at.
    `secret` signs the cursors (ValueError if empty). A page holds `default_limit` items unless
    the caller asks for another limit, and never more than `max_limit` (ValueError unless
    1 <= default_limit <= max_limit). A cursor older than `max_age` seconds (None: no limit) is
    invalid; `clock` returns seconds, None meaning `time.time`, looked up at construction.
    Create any index the queries need.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        secret: bytes,
        *,
        default_limit: int = 20,
        max_limit: int = 100,
        max_age: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        raise NotImplementedError

    def page(self, cursor: str | None = None, limit: int | None = None) -> Page:
        """The page after `cursor` (None: the first page).

        A limit above max_limit is lowered to it; a limit below 1 is a ValueError. A cursor
        that was altered, forged, malformed or expired raises InvalidCursor. Rows inserted or
        deleted between two calls never make an item that was there all along appear twice or
        go missing.
        """
        raise NotImplementedError
