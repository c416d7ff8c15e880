"""Mutant: the same hash is used for all k positions.

category: example
All k probes hit one bit, so the filter behaves like k = 1 and misses its target rate.
"""

from __future__ import annotations

import hashlib

from reference.bloom_filter import BloomFilter, CountingBloomFilter, Item, optimal_size

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


class BloomFilter(BloomFilter):  # type: ignore[no-redef]
    def _positions(self, item: Item) -> list[int]:
        data = item.encode() if isinstance(item, str) else bytes(item)
        h = int.from_bytes(hashlib.sha256(data).digest()[:8], "big")
        return [h % self.num_bits for _ in range(self.num_hashes)]
