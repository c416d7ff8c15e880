"""Mutant: a full page always gets a next cursor (no look-ahead row).

category: edge
When the items fill the last page exactly, the client is sent on to an empty page.
"""

from __future__ import annotations

from reference import cursor_pagination as reference
from reference.cursor_pagination import InvalidCursor, Item, Page

__all__ = ["InvalidCursor", "Item", "Page", "Paginator"]


class Paginator(reference.Paginator):
    def page(self, cursor: str | None = None, limit: int | None = None) -> Page:
        limit = self.default_limit if limit is None else limit
        if limit < 1:
            raise ValueError(limit)
        limit = min(limit, self.max_limit)
        if cursor is None:
            rows = self._conn.execute(reference.FIRST_PAGE_QUERY, (limit,)).fetchall()
        else:
            created_at, last_id = self._decode(cursor)
            rows = self._conn.execute(reference.PAGE_QUERY, (created_at, last_id, limit)).fetchall()
        items = [Item(*row) for row in rows]
        if len(items) < limit:
            return Page(items, None)
        return Page(items, self._encode(items[-1].created_at, items[-1].id))
