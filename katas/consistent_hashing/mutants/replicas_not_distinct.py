"""Mutant: get_nodes takes the owners of the next n points, without skipping repeats.

category: example
Two neighbouring virtual nodes of one machine give two "replicas" on the same machine.
"""

from __future__ import annotations

from reference import consistent_hashing as reference

__all__ = ["HashRing"]


class HashRing(reference.HashRing):
    def get_nodes(self, key: str, n: int) -> list[str]:
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        start = self._first_index(key)
        count = min(n, len(self._nodes))
        return [self._owners[(start + i) % len(self._points)] for i in range(count)]
