"""Mutant: the search does not wrap past the last ring point.

category: edge
Keys hashing beyond the last point raise IndexError.
"""

from __future__ import annotations

import bisect

from reference import consistent_hashing as reference

__all__ = ["HashRing"]


class HashRing(reference.HashRing):
    def _first_index(self, key: str) -> int:
        if not self._points:
            raise LookupError("the ring has no nodes")
        index = bisect.bisect_right(self._points, reference.stable_hash(key))
        return index
