"""Mutant: lookups scan the points one by one instead of a binary search.

category: perf
"""

from __future__ import annotations

from reference import consistent_hashing as reference

__all__ = ["HashRing"]


class HashRing(reference.HashRing):
    def _first_index(self, key: str) -> int:
        if not self._points:
            raise LookupError("the ring has no nodes")
        position = reference.stable_hash(key)
        for index, point in enumerate(self._points):
            if point > position:
                return index
        return 0
