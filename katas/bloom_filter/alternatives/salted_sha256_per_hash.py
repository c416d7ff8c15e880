"""k separate SHA-256 digests keyed by a random salt per filter, which to_bytes stores.

Each filter draws its own salt when it is made; the salt travels in the serialized form, so a
filter loaded in another process hashes exactly as the one that was saved. Counters are 4 bits
wide in spirit: they stop at 15.
"""

from __future__ import annotations

import hashlib
import math
import os

Item = str | bytes

SALT_BYTES = 8


def optimal_size(expected_items: int, fp_rate: float) -> tuple[int, int]:
    if not expected_items > 0 or not 0 < fp_rate < 1:
        raise ValueError("need expected_items > 0 and 0 < fp_rate < 1")
    bits = math.ceil(-expected_items * math.log(fp_rate) / (math.log(2) ** 2))
    return bits, max(1, round(bits / expected_items * math.log(2)))


def _as_bytes(item: Item) -> bytes:
    return item.encode("utf-8") if isinstance(item, str) else bytes(item)


def _slots(salt: bytes, item: Item, num_bits: int, num_hashes: int) -> list[int]:
    data = _as_bytes(item)
    return [
        int.from_bytes(hashlib.sha256(salt + i.to_bytes(4, "big") + data).digest()[:8], "big")
        % num_bits
        for i in range(num_hashes)
    ]


class BloomFilter:
    def __init__(self, expected_items: int, fp_rate: float) -> None:
        self.num_bits, self.num_hashes = optimal_size(expected_items, fp_rate)
        self._salt = os.urandom(SALT_BYTES)
        self._bits = bytearray(-(-self.num_bits // 8))

    def add(self, item: Item) -> None:
        for slot in _slots(self._salt, item, self.num_bits, self.num_hashes):
            self._bits[slot // 8] |= 0x80 >> (slot % 8)

    def __contains__(self, item: Item) -> bool:
        slots = _slots(self._salt, item, self.num_bits, self.num_hashes)
        return all(self._bits[slot // 8] & (0x80 >> (slot % 8)) for slot in slots)

    def to_bytes(self) -> bytes:
        header = self.num_bits.to_bytes(8, "little") + self.num_hashes.to_bytes(2, "little")
        return header + self._salt + bytes(self._bits)

    @classmethod
    def from_bytes(cls, data: bytes) -> BloomFilter:
        bloom = cls.__new__(cls)
        bloom.num_bits = int.from_bytes(data[:8], "little")
        bloom.num_hashes = int.from_bytes(data[8:10], "little")
        bloom._salt = data[10 : 10 + SALT_BYTES]
        bloom._bits = bytearray(data[10 + SALT_BYTES :])
        if len(bloom._bits) != -(-bloom.num_bits // 8):
            raise ValueError("not a serialized filter")
        return bloom


class CountingBloomFilter:
    CAP = 15

    def __init__(self, expected_items: int, fp_rate: float) -> None:
        self.num_bits, self.num_hashes = optimal_size(expected_items, fp_rate)
        self._salt = os.urandom(SALT_BYTES)
        self._counters = bytearray(self.num_bits)

    def _distinct_slots(self, item: Item) -> list[int]:
        return sorted(set(_slots(self._salt, item, self.num_bits, self.num_hashes)))

    def add(self, item: Item) -> None:
        for slot in self._distinct_slots(item):
            self._counters[slot] = min(self.CAP, self._counters[slot] + 1)

    def remove(self, item: Item) -> None:
        slots = self._distinct_slots(item)
        if any(self._counters[slot] == 0 for slot in slots):
            raise KeyError(item)
        for slot in slots:
            if self._counters[slot] != self.CAP:
                self._counters[slot] -= 1

    def __contains__(self, item: Item) -> bool:
        return all(self._counters[slot] for slot in self._distinct_slots(item))
