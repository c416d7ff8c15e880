"""Mutant: the cursor is base64 JSON with no signature.

category: edge
Anyone can read it, edit it, or forge one that points anywhere.
"""

from __future__ import annotations

import binascii
import json

from reference import cursor_pagination as reference
from reference.cursor_pagination import InvalidCursor, Item, Page, _b64decode, _b64encode

__all__ = ["InvalidCursor", "Item", "Page", "Paginator"]


class Paginator(reference.Paginator):
    def _encode(self, created_at: int, last_id: int) -> str:
        return _b64encode(json.dumps([created_at, last_id, self._clock()]).encode())

    def _decode(self, cursor: str) -> tuple[int, int]:
        try:
            created_at, last_id, issued_at = json.loads(_b64decode(cursor))
        except (ValueError, TypeError, binascii.Error):
            raise InvalidCursor(cursor) from None
        if self.max_age is not None and self._clock() - issued_at > self.max_age:
            raise InvalidCursor(cursor)
        return int(created_at), int(last_id)
