"""Mutant: remove() zeroes the item's slots instead of decrementing them.

category: property
Items sharing a slot with the removed one become false negatives.
"""

from __future__ import annotations

from reference import bloom_filter as reference
from reference.bloom_filter import BloomFilter, Item, optimal_size

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


class CountingBloomFilter(reference.CountingBloomFilter):
    def remove(self, item: Item) -> None:
        slots = self._slots(item)
        if not all(self._counts[slot] for slot in slots):
            raise KeyError(item)
        for slot in slots:
            self._counts[slot] = 0
