"""Consistent hashing ring.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import bisect  # noqa: F401
import hashlib  # noqa: F401 - a hash that is the same in every process
from collections.abc import Iterable


class HashRing:
    """Keys and nodes hashed onto one ring; a key belongs to the first node point clockwise.

    Each physical node owns `vnodes` points on the ring (virtual nodes). The hash must be the same
    in every process: Python's hash() is salted per process. Raise ValueError if vnodes < 1.
    """

    def __init__(self, nodes: Iterable[str] = (), vnodes: int = 100) -> None:
        raise NotImplementedError

    def add_node(self, node: str) -> None:
        """Put the node's virtual points on the ring; ValueError if it is already there."""
        raise NotImplementedError

    def remove_node(self, node: str) -> None:
        """Take all the node's points off the ring; KeyError if it is not there."""
        raise NotImplementedError

    def get_node(self, key: str) -> str:
        """The node owning the first ring point clockwise from the key; LookupError if empty."""
        raise NotImplementedError

    def get_nodes(self, key: str, n: int) -> list[str]:
        """The replicas of `key`: the first `n` distinct physical nodes clockwise from it.

        The first is get_node(key). Fewer than n nodes on the ring: all of them, each once.
        ValueError if n < 1; LookupError if the ring is empty.
        """
        raise NotImplementedError

    @property
    def nodes(self) -> frozenset[str]:
        """The physical nodes on the ring."""
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of physical nodes."""
        raise NotImplementedError
