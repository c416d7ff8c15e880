"""Mutant: positions come from Python's built-in hash(), salted differently in every process.

category: failure
Within one process it works; a filter saved by one process misses items in the next.
"""

from __future__ import annotations

from reference.bloom_filter import BloomFilter, CountingBloomFilter, Item, optimal_size

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


class BloomFilter(BloomFilter):  # type: ignore[no-redef]
    def _positions(self, item: Item) -> list[int]:
        h1 = hash(item) & (2**64 - 1)
        h2 = hash((item, "second")) | 1
        return [(h1 + i * h2) % self.num_bits for i in range(self.num_hashes)]
