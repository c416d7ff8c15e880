"""Mutant: the client's limit is used as given, with no max_limit.

category: edge
One request can ask for the whole table.
"""

from __future__ import annotations

from reference import cursor_pagination as reference
from reference.cursor_pagination import InvalidCursor, Item, Page

__all__ = ["InvalidCursor", "Item", "Page", "Paginator"]


class Paginator(reference.Paginator):
    def page(self, cursor: str | None = None, limit: int | None = None) -> Page:
        if limit is not None and limit > self.max_limit:
            self.max_limit = limit
        return super().page(cursor, limit)
