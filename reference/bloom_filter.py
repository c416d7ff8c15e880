"""Bloom filter sized from (n, p), with deterministic double hashing, and a counting variant."""

from __future__ import annotations

import hashlib
import math
import struct

Item = str | bytes

_HEADER = struct.Struct(">QH")  # num_bits, num_hashes


def optimal_size(expected_items: int, fp_rate: float) -> tuple[int, int]:
    """(m, k): m = -n ln p / (ln 2)^2 bits and k = (m / n) ln 2 hashes minimise memory for p."""
    if expected_items <= 0:
        raise ValueError(f"expected_items must be positive, got {expected_items}")
    if not 0 < fp_rate < 1:
        raise ValueError(f"fp_rate must be between 0 and 1, got {fp_rate}")
    num_bits = math.ceil(-expected_items * math.log(fp_rate) / math.log(2) ** 2)
    num_hashes = max(1, round(num_bits / expected_items * math.log(2)))
    return num_bits, num_hashes


def _positions(item: Item, num_bits: int, num_hashes: int) -> list[int]:
    # hashlib, not hash(): Python salts hash() per process, and a filter saved by one process
    # must answer the same in another. Two 64-bit halves of one digest give k positions by
    # double hashing (h1 + i * h2), as good as k independent hashes (Kirsch-Mitzenmacher).
    data = item.encode() if isinstance(item, str) else bytes(item)
    digest = hashlib.blake2b(data, digest_size=16).digest()
    h1 = int.from_bytes(digest[:8], "big")
    h2 = int.from_bytes(digest[8:], "big") | 1  # odd, so the k positions do not collapse
    return [(h1 + i * h2) % num_bits for i in range(num_hashes)]


class BloomFilter:
    def __init__(self, expected_items: int, fp_rate: float) -> None:
        self.num_bits, self.num_hashes = optimal_size(expected_items, fp_rate)
        self._bits = bytearray((self.num_bits + 7) // 8)  # one bit per slot, not one object

    def _positions(self, item: Item) -> list[int]:
        return _positions(item, self.num_bits, self.num_hashes)

    def add(self, item: Item) -> None:
        for pos in self._positions(item):
            self._bits[pos >> 3] |= 1 << (pos & 7)

    def __contains__(self, item: Item) -> bool:
        return all(self._bits[pos >> 3] & (1 << (pos & 7)) for pos in self._positions(item))

    def to_bytes(self) -> bytes:
        return _HEADER.pack(self.num_bits, self.num_hashes) + bytes(self._bits)

    @classmethod
    def from_bytes(cls, data: bytes) -> BloomFilter:
        num_bits, num_hashes = _HEADER.unpack_from(data)
        bits = data[_HEADER.size :]
        if len(bits) != (num_bits + 7) // 8:
            raise ValueError("truncated or corrupt filter")
        bloom = cls.__new__(cls)
        bloom.num_bits, bloom.num_hashes = num_bits, num_hashes
        bloom._bits = bytearray(bits)
        return bloom


class CountingBloomFilter:
    """A counter per slot instead of a bit, so items can be removed."""

    MAX_COUNT = 255

    def __init__(self, expected_items: int, fp_rate: float) -> None:
        self.num_bits, self.num_hashes = optimal_size(expected_items, fp_rate)
        self._counts = bytearray(self.num_bits)

    def _slots(self, item: Item) -> set[int]:
        # Each slot once per item, so add and remove always move a counter by exactly one.
        return set(_positions(item, self.num_bits, self.num_hashes))

    def add(self, item: Item) -> None:
        for slot in self._slots(item):
            if self._counts[slot] < self.MAX_COUNT:  # a saturated counter stays put for good
                self._counts[slot] += 1

    def remove(self, item: Item) -> None:
        slots = self._slots(item)
        if not all(self._counts[slot] for slot in slots):
            # Decrementing here would take counts away from other items: false negatives later.
            raise KeyError(item)
        for slot in slots:
            # A saturated counter no longer knows its true count: never decrement it.
            if self._counts[slot] < self.MAX_COUNT:
                self._counts[slot] -= 1

    def __contains__(self, item: Item) -> bool:
        return all(self._counts[slot] for slot in self._slots(item))
