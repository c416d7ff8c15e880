"""Mutant: m = -n ln p / ln 2 (the ln 2 is not squared), so the filter is too small.

category: example
"""

from __future__ import annotations

import math

from reference import bloom_filter as reference
from reference.bloom_filter import CountingBloomFilter

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


def optimal_size(expected_items: int, fp_rate: float) -> tuple[int, int]:
    reference.optimal_size(expected_items, fp_rate)  # same validation
    num_bits = math.ceil(-expected_items * math.log(fp_rate) / math.log(2))
    return num_bits, max(1, round(num_bits / expected_items * math.log(2)))


class BloomFilter(reference.BloomFilter):
    def __init__(self, expected_items: int, fp_rate: float) -> None:
        super().__init__(expected_items, fp_rate)
        self.num_bits, self.num_hashes = optimal_size(expected_items, fp_rate)
        self._bits = bytearray((self.num_bits + 7) // 8)
