"""Mutant: the cursor is a (signed) offset, and pages are read with LIMIT ... OFFSET.

category: edge
Rows inserted or deleted before the cursor shift the next page: duplicates and skips.
"""

from __future__ import annotations

import json

from reference import cursor_pagination as reference
from reference.cursor_pagination import InvalidCursor, Item, Page, _b64decode, _b64encode

__all__ = ["InvalidCursor", "Item", "Page", "Paginator"]


class Paginator(reference.Paginator):
    def page(self, cursor: str | None = None, limit: int | None = None) -> Page:
        limit = self.default_limit if limit is None else limit
        if limit < 1:
            raise ValueError(limit)
        limit = min(limit, self.max_limit)
        offset = 0 if cursor is None else self._offset(cursor)
        rows = self._conn.execute(
            "SELECT id, created_at, title FROM items ORDER BY created_at DESC, id DESC"
            " LIMIT ? OFFSET ?",
            (limit + 1, offset),
        ).fetchall()
        items = [Item(*row) for row in rows[:limit]]
        if len(rows) <= limit:
            return Page(items, None)
        payload = json.dumps([offset + limit, self._clock()]).encode()
        return Page(items, f"{_b64encode(payload)}.{_b64encode(self._sign(payload))}")

    def _offset(self, cursor: str) -> int:
        try:
            payload_text, signature = cursor.split(".")
            payload = _b64decode(payload_text)
            valid = self._sign(payload) == _b64decode(signature)
        except ValueError:
            raise InvalidCursor(cursor) from None
        if not valid:
            raise InvalidCursor(cursor)
        offset, issued_at = json.loads(payload)
        if self.max_age is not None and self._clock() - issued_at > self.max_age:
            raise InvalidCursor(cursor)
        return int(offset)
