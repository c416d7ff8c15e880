"""Mutant: ring positions come from Python's built-in hash(), salted per process.

category: failure
One process is consistent with itself, but two clients route the same key to different nodes.
"""

from __future__ import annotations

from reference import consistent_hashing as reference

__all__ = ["HashRing"]


class HashRing(reference.HashRing):
    def _node_points(self, node: str) -> list[int]:
        return [hash(f"{node}#{i}") for i in range(self.vnodes)]

    def _first_index(self, key: str) -> int:
        if not self._points:
            raise LookupError("the ring has no nodes")
        return reference.bisect.bisect_right(self._points, hash(key)) % len(self._points)
