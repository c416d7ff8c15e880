"""LRU cache with O(1) get and put.

Fill in the bodies. Keep the names and signatures: the tests call them.
Do not use collections.OrderedDict or functools.lru_cache: build the structure yourself.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """Holds at most `capacity` entries; a put beyond that evicts the least recently used one.

    Raise ValueError for a capacity below 1. get and put must be O(1), whatever the capacity.
    """

    def __init__(self, capacity: int) -> None:
        raise NotImplementedError

    def get(self, key: K, default: V | None = None) -> V | None:
        """The value stored for `key` (which becomes the most recently used), else `default`."""
        raise NotImplementedError

    def put(self, key: K, value: V) -> None:
        """Store `value` under `key` as the most recently used entry (an existing key is updated).

        If that makes more than `capacity` entries, drop the least recently used one.
        """
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of entries held."""
        raise NotImplementedError
