"""LRU cache with O(1) get and put.

Fill in the bodies. Keep the names and signatures: the tests call them.
An interviewer expects you to build the structure yourself (a dict plus a doubly linked list)
rather than use collections.OrderedDict or cachetools; the tests grade behaviour, not that choice.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    """Holds at most `capacity` entries; a put beyond that evicts the least recently used one.

    Raise ValueError for a capacity below 1. get, put and len must be O(1), whatever the capacity,
    and every call must be safe from many threads at once.
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
        """The number of entries held: never more than `capacity`, even while a put is under way."""
        raise NotImplementedError
