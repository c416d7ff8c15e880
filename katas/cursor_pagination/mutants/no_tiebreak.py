"""Mutant: the cursor holds only created_at, and the next page is `created_at < ?`.

category: edge
Items sharing the last item's created_at are skipped.
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
            rows = self._conn.execute(reference.FIRST_PAGE_QUERY, (limit + 1,)).fetchall()
        else:
            created_at, _ = self._decode(cursor)
            rows = self._conn.execute(
                "SELECT id, created_at, title FROM items WHERE created_at < ?"
                " ORDER BY created_at DESC, id DESC LIMIT ?",
                (created_at, limit + 1),
            ).fetchall()
        items = [Item(*row) for row in rows[:limit]]
        if len(rows) <= limit:
            return Page(items, None)
        return Page(items, self._encode(items[-1].created_at, items[-1].id))
