"""Mutant: max_age is ignored; a cursor is good forever.

category: clock
A leaked cursor keeps working long after it should have expired.
"""

from __future__ import annotations

from reference import cursor_pagination as reference
from reference.cursor_pagination import InvalidCursor, Item, Page

__all__ = ["InvalidCursor", "Item", "Page", "Paginator"]


class Paginator(reference.Paginator):
    def _decode(self, cursor: str) -> tuple[int, int]:
        max_age, self.max_age = self.max_age, None
        try:
            return super()._decode(cursor)
        finally:
            self.max_age = max_age
