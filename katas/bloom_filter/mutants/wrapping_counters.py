"""Mutant: counters wrap round at 256 instead of saturating.

category: edge
An item added 256 times reads as absent, and removes then corrupt other items.
"""

from __future__ import annotations

from reference import bloom_filter as reference
from reference.bloom_filter import BloomFilter, Item, optimal_size

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


class CountingBloomFilter(reference.CountingBloomFilter):
    def add(self, item: Item) -> None:
        for slot in self._slots(item):
            self._counts[slot] = (self._counts[slot] + 1) % 256

    def remove(self, item: Item) -> None:
        slots = self._slots(item)
        if not all(self._counts[slot] for slot in slots):
            raise KeyError(item)
        for slot in slots:
            self._counts[slot] -= 1
