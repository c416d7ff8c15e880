"""Mutant: stable_hash(key) % N over the sorted node list, no ring.

category: example
Changing N remaps almost every key instead of about 1/N of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from reference.consistent_hashing import stable_hash

__all__ = ["HashRing"]


class HashRing:
    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100) -> None:
        if vnodes < 1:
            raise ValueError("vnodes must be at least 1")
        self._nodes: list[str] = []
        for node in nodes:
            self.add_node(node)

    def add_node(self, node: str) -> None:
        if node in self._nodes:
            raise ValueError(node)
        self._nodes = sorted([*self._nodes, node])

    def remove_node(self, node: str) -> None:
        if node not in self._nodes:
            raise KeyError(node)
        self._nodes.remove(node)

    def get_node(self, key: str) -> str:
        return self.get_nodes(key, 1)[0]

    def get_nodes(self, key: str, n: int) -> list[str]:
        if n < 1:
            raise ValueError("n must be at least 1")
        if not self._nodes:
            raise LookupError("empty ring")
        start = stable_hash(key) % len(self._nodes)
        count = min(n, len(self._nodes))
        return [self._nodes[(start + i) % len(self._nodes)] for i in range(count)]

    @property
    def nodes(self) -> frozenset[str]:
        return frozenset(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)
