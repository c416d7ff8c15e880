"""Bloom filter.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import hashlib  # noqa: F401 - a hash that is the same in every process
import math  # noqa: F401

Item = str | bytes


def optimal_size(expected_items: int, fp_rate: float) -> tuple[int, int]:
    """(number of bits m, number of hashes k) for `expected_items` items at `fp_rate`.

    Use the standard formulas: m = -n ln p / (ln 2)^2 rounded up, and k = (m / n) ln 2 rounded,
    at least 1. Raise ValueError unless expected_items > 0 and 0 < fp_rate < 1.
    """
    raise NotImplementedError


class BloomFilter:
    """A set that may answer "maybe" for items never added, but never "no" for an added one.

    `num_bits` and `num_hashes` are the sizes from `optimal_size`. Items are str or bytes. Hashing
    must give the same positions in every process (Python's hash() is salted per process).
    """

    num_bits: int
    num_hashes: int

    def __init__(self, expected_items: int, fp_rate: float) -> None:
        raise NotImplementedError

    def add(self, item: Item) -> None:
        raise NotImplementedError

    def __contains__(self, item: Item) -> bool:
        """False means never added; True means probably added."""
        raise NotImplementedError

    def to_bytes(self) -> bytes:
        """The whole filter (sizes and bits) as bytes, to store or send to another process."""
        raise NotImplementedError

    @classmethod
    def from_bytes(cls, data: bytes) -> BloomFilter:
        """The filter that `to_bytes` wrote, in this or any other process."""
        raise NotImplementedError


class CountingBloomFilter:
    """A Bloom filter with a small counter per slot instead of a bit, so items can be removed.

    Same sizes as BloomFilter. `remove` of an item the filter knows was never added raises
    KeyError and changes nothing. Counters must not overflow: one that reaches its maximum stays
    there (it no longer knows the true count).
    """

    num_bits: int
    num_hashes: int

    def __init__(self, expected_items: int, fp_rate: float) -> None:
        raise NotImplementedError

    def add(self, item: Item) -> None:
        raise NotImplementedError

    def remove(self, item: Item) -> None:
        raise NotImplementedError

    def __contains__(self, item: Item) -> bool:
        raise NotImplementedError
