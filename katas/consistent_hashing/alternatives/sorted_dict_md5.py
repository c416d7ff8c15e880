"""A SortedDict from ring position to node on an MD5 hash, walked with irange and wrap-around.

Positions are the first 8 bytes of MD5 (stable in every process). Each node remembers its own
positions so removal deletes exactly those. Replicas walk clockwise with `irange` from the key's
position, then from the start of the ring, until n distinct nodes are found.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from itertools import chain

from sortedcontainers import SortedDict


def _position(text: str) -> int:
    return int.from_bytes(hashlib.md5(text.encode("utf-8")).digest()[:8], "little")


class HashRing:
    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100) -> None:
        if vnodes < 1:
            raise ValueError("vnodes must be at least 1")
        self._vnodes = vnodes
        self._ring: SortedDict = SortedDict()
        self._positions: dict[str, list[int]] = {}
        for node in nodes:
            self.add_node(node)

    def add_node(self, node: str) -> None:
        if node in self._positions:
            raise ValueError(f"{node!r} is already on the ring")
        positions = [_position(f"{node}|vnode|{i}") for i in range(self._vnodes)]
        self._positions[node] = positions
        for position in positions:
            self._ring[position] = node

    def remove_node(self, node: str) -> None:
        positions = self._positions.pop(node)  # KeyError if unknown
        for position in positions:
            if self._ring.get(position) == node:
                del self._ring[position]

    def _clockwise(self, key: str) -> Iterator[str]:
        if not self._ring:
            raise LookupError("empty ring")
        start = _position(key)
        after = self._ring.irange(minimum=start, inclusive=(False, True))
        before = self._ring.irange(maximum=start, inclusive=(True, True))
        for position in chain(after, before):
            yield self._ring[position]

    def get_node(self, key: str) -> str:
        return next(self._clockwise(key))

    def get_nodes(self, key: str, n: int) -> list[str]:
        if n < 1:
            raise ValueError("n must be at least 1")
        wanted = min(n, len(self._positions))
        found: dict[str, None] = {}
        for node in self._clockwise(key):
            found.setdefault(node)
            if len(found) >= wanted:
                break
        return list(found)

    @property
    def nodes(self) -> frozenset[str]:
        return frozenset(self._positions)

    def __len__(self) -> int:
        return len(self._positions)
