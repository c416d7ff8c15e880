"""Binary cursor: packed (created_at, id, issued) behind an HMAC-SHA512 tag, one base64url token.

The keyset query is the same in spirit (a row-value comparison on an index of (created_at, id)),
but the token layout, hash and decoding differ from a JSON payload with a separate signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import sqlite3
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]

_LAYOUT = struct.Struct(">qqd")
_TAG = hashlib.sha512().digest_size


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
    next_cursor: str | None


class Paginator:
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
        if len(secret) == 0:
            raise ValueError("empty secret")
        if default_limit < 1 or default_limit > max_limit:
            raise ValueError("bad limits")
        self._conn = conn
        self._key = secret
        self._default = default_limit
        self._max = max_limit
        self._max_age = max_age
        self._now = time.time if clock is None else clock
        conn.execute("CREATE INDEX IF NOT EXISTS items_keyset ON items (created_at DESC, id DESC)")

    def page(self, cursor: str | None = None, limit: int | None = None) -> Page:
        size = self._default if limit is None else limit
        if size < 1:
            raise ValueError("limit below 1")
        size = min(size, self._max)
        if cursor is None:
            sql = "SELECT id, created_at, title FROM items"
            args: tuple[int, ...] = ()
        else:
            sql = "SELECT id, created_at, title FROM items WHERE (created_at, id) < (?, ?)"
            args = self._open(cursor)
        rows = self._conn.execute(
            sql + " ORDER BY created_at DESC, id DESC LIMIT ?", (*args, size + 1)
        ).fetchall()
        more = len(rows) > size
        items = [Item(row[0], row[1], row[2]) for row in rows[:size]]
        token = self._seal(items[-1].created_at, items[-1].id) if more else None
        return Page(items, token)

    def _tag(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha512).digest()

    def _seal(self, created_at: int, item_id: int) -> str:
        body = _LAYOUT.pack(created_at, item_id, self._now())
        return base64.urlsafe_b64encode(self._tag(body) + body).decode().rstrip("=")

    def _open(self, cursor: str) -> tuple[int, int]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except ValueError:
            raise InvalidCursor("not base64url") from None
        if len(raw) != _TAG + _LAYOUT.size:
            raise InvalidCursor("wrong length")
        tag, body = raw[:_TAG], raw[_TAG:]
        if not hmac.compare_digest(tag, self._tag(body)):
            raise InvalidCursor("bad signature")
        created_at, item_id, issued = _LAYOUT.unpack(body)
        if self._max_age is not None and self._now() - issued > self._max_age:
            raise InvalidCursor("expired")
        return created_at, item_id
