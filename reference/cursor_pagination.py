"""Keyset (cursor) pagination over SQLite, newest first, with signed opaque cursors."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]

# Keyset pagination needs an index in the sort order, or every page sorts the whole table.
INDEX = "CREATE INDEX IF NOT EXISTS items_by_created_at_id ON items (created_at, id)"

# The row-value comparison `(created_at, id) < (?, ?)` is "strictly after the cursor" in the
# order created_at DESC, id DESC, and SQLite turns it into a range search on the index.
# (`created_at < ? OR (created_at = ? AND id < ?)` means the same but scans the index from the top.)
PAGE_QUERY = """
SELECT id, created_at, title FROM items
WHERE (created_at, id) < (?, ?)
ORDER BY created_at DESC, id DESC
LIMIT ?
"""
FIRST_PAGE_QUERY = """
SELECT id, created_at, title FROM items
ORDER BY created_at DESC, id DESC
LIMIT ?
"""


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


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


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
        if not secret:
            raise ValueError("the secret must not be empty")
        if not 1 <= default_limit <= max_limit:
            raise ValueError(f"need 1 <= default_limit <= max_limit, got {default_limit=}")
        self._conn = conn
        self._secret = secret
        self.default_limit = default_limit
        self.max_limit = max_limit
        self.max_age = max_age
        # Wall-clock time: cursors outlive the process that issued them and cross servers.
        self._clock = clock or time.time
        conn.execute(INDEX)

    def page(self, cursor: str | None = None, limit: int | None = None) -> Page:
        if limit is None:
            limit = self.default_limit
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        limit = min(limit, self.max_limit)  # a client cannot ask for the whole table at once
        # One row more than asked: it tells whether a next page exists without a COUNT.
        if cursor is None:
            rows = self._conn.execute(FIRST_PAGE_QUERY, (limit + 1,)).fetchall()
        else:
            created_at, last_id = self._decode(cursor)
            rows = self._conn.execute(PAGE_QUERY, (created_at, last_id, limit + 1)).fetchall()
        items = [Item(*row) for row in rows[:limit]]
        if len(rows) <= limit:
            return Page(items, None)
        last = items[-1]
        return Page(items, self._encode(last.created_at, last.id))

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._secret, payload, hashlib.sha256).digest()

    def _encode(self, created_at: int, last_id: int) -> str:
        # The cursor is the sort key of the last item shown, never an offset: rows inserted or
        # deleted before it cannot shift what comes next.
        payload = json.dumps([created_at, last_id, self._clock()], separators=(",", ":")).encode()
        return f"{_b64encode(payload)}.{_b64encode(self._sign(payload))}"

    def _decode(self, cursor: str) -> tuple[int, int]:
        try:
            encoded_payload, encoded_signature = cursor.split(".")
            payload = _b64decode(encoded_payload)
            signature = _b64decode(encoded_signature)
        except (ValueError, binascii.Error):
            raise InvalidCursor("malformed cursor") from None
        # Constant-time comparison: `==` would leak how many leading bytes of a guess are right.
        if not hmac.compare_digest(signature, self._sign(payload)):
            raise InvalidCursor("cursor signature does not match")
        created_at, last_id, issued_at = json.loads(payload)
        if self.max_age is not None and self._clock() - issued_at > self.max_age:
            raise InvalidCursor("cursor has expired")
        return int(created_at), int(last_id)
