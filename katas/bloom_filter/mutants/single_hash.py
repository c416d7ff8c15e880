"""Mutant: k = 1, one hash per item whatever the target rate.

category: example
With m sized for k hashes, one hash gives several times the target false-positive rate.
"""

from __future__ import annotations

from reference import bloom_filter as reference
from reference.bloom_filter import BloomFilter, CountingBloomFilter

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


def optimal_size(expected_items: int, fp_rate: float) -> tuple[int, int]:
    return reference.optimal_size(expected_items, fp_rate)[0], 1


class BloomFilter(BloomFilter):  # type: ignore[no-redef]
    def __init__(self, expected_items: int, fp_rate: float) -> None:
        super().__init__(expected_items, fp_rate)
        self.num_hashes = 1
