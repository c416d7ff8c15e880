"""Mutant: the bits are a Python list of booleans, 8 bytes per slot instead of 1 bit.

category: perf
"""

from __future__ import annotations

from reference import bloom_filter as reference
from reference.bloom_filter import CountingBloomFilter, Item, optimal_size

__all__ = ["BloomFilter", "CountingBloomFilter", "optimal_size"]


class BloomFilter(reference.BloomFilter):
    def __init__(self, expected_items: int, fp_rate: float) -> None:
        self.num_bits, self.num_hashes = optimal_size(expected_items, fp_rate)
        self._slots = [False] * self.num_bits

    def add(self, item: Item) -> None:
        for pos in self._positions(item):
            self._slots[pos] = True

    def __contains__(self, item: Item) -> bool:
        return all(self._slots[pos] for pos in self._positions(item))

    def to_bytes(self) -> bytes:
        self._bits = bytearray((self.num_bits + 7) // 8)
        for pos, on in enumerate(self._slots):
            if on:
                self._bits[pos >> 3] |= 1 << (pos & 7)
        return super().to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> BloomFilter:
        loaded = reference.BloomFilter.from_bytes(data)
        bloom = cls.__new__(cls)
        bloom.num_bits, bloom.num_hashes = loaded.num_bits, loaded.num_hashes
        bloom._slots = [bool(loaded._bits[p >> 3] & (1 << (p & 7))) for p in range(bloom.num_bits)]
        return bloom
