"""Consistent hashing: a ring of virtual nodes on a stable 64-bit hash, with distinct replicas."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable


def stable_hash(data: str) -> int:
    # Not hash(): it is salted per process, and every client of the ring must agree on it.
    return int.from_bytes(hashlib.blake2b(data.encode(), digest_size=8).digest(), "big")


class HashRing:
    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100) -> None:
        if vnodes < 1:
            raise ValueError(f"vnodes must be at least 1, got {vnodes}")
        self.vnodes = vnodes
        self._nodes: set[str] = set()
        # Two parallel sorted lists: ring positions, and the physical node owning each position.
        self._points: list[int] = []
        self._owners: list[str] = []
        for node in nodes:
            self.add_node(node)

    def _node_points(self, node: str) -> list[int]:
        return [stable_hash(f"{node}#{i}") for i in range(self.vnodes)]

    def add_node(self, node: str) -> None:
        if node in self._nodes:
            raise ValueError(f"node {node!r} is already on the ring")
        self._nodes.add(node)
        for point in self._node_points(node):
            index = bisect.bisect_left(self._points, point)
            self._points.insert(index, point)
            self._owners.insert(index, node)

    def remove_node(self, node: str) -> None:
        if node not in self._nodes:
            raise KeyError(node)
        self._nodes.remove(node)
        kept = [(p, o) for p, o in zip(self._points, self._owners, strict=True) if o != node]
        self._points = [p for p, _ in kept]
        self._owners = [o for _, o in kept]

    def _first_index(self, key: str) -> int:
        if not self._points:
            raise LookupError("the ring has no nodes")
        # The first point clockwise from the key; past the last point, wrap round to the first.
        return bisect.bisect_right(self._points, stable_hash(key)) % len(self._points)

    def get_node(self, key: str) -> str:
        return self._owners[self._first_index(key)]

    def get_nodes(self, key: str, n: int) -> list[str]:
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        start = self._first_index(key)
        wanted = min(n, len(self._nodes))
        chosen: list[str] = []
        # Keep walking clockwise past vnodes of nodes already chosen: replicas must be distinct
        # physical nodes, or losing one machine loses several copies.
        for step in range(len(self._points)):
            owner = self._owners[(start + step) % len(self._points)]
            if owner not in chosen:
                chosen.append(owner)
                if len(chosen) == wanted:
                    break
        return chosen

    @property
    def nodes(self) -> frozenset[str]:
        return frozenset(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)
