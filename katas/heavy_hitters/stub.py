"""Heavy hitters in bounded memory.

Fill in the bodies. Keep the names and signatures: the tests call them. Items are strings.
"""

from __future__ import annotations


class SpaceSaving:
    """The SpaceSaving summary with at most `k` counters (ValueError for k < 1).

    Every item seen more than total/k times must be monitored. `total` is the sum of all counts
    added. Safe to call from many threads.
    """

    total: int

    def __init__(self, k: int) -> None:
        raise NotImplementedError

    def add(self, item: str, count: int = 1) -> None:
        """Count `item` `count` times (ValueError for count < 1). O(log k)."""
        raise NotImplementedError

    def estimate(self, item: str) -> int:
        """An upper bound on the true count (an unmonitored item: the smallest counter, or 0)."""
        raise NotImplementedError

    def guaranteed(self, item: str) -> int:
        """A lower bound on the true count (0 for an unmonitored item)."""
        raise NotImplementedError

    def heavy_hitters(self) -> list[tuple[str, int]]:
        """Monitored items whose estimate exceeds total/k, as (item, estimate), most first."""
        raise NotImplementedError


class CountMinSketch:
    """A count-min sketch: width = ceil(e / epsilon) columns, depth = ceil(ln(1 / delta)) rows.

    epsilon and delta must be in (0, 1) (ValueError). The hash functions are chosen by `seed`
    alone: the same seed gives the same cells in every process and every run.
    Attributes: width, depth, seed, total. Safe to call from many threads.
    """

    width: int
    depth: int
    seed: int
    total: int

    def __init__(self, epsilon: float, delta: float, seed: int = 0) -> None:
        raise NotImplementedError

    def add(self, item: str, count: int = 1) -> None:
        """Count `item` `count` times (ValueError for count < 1). O(depth)."""
        raise NotImplementedError

    def estimate(self, item: str) -> int:
        """Never below the true count; above it by at most epsilon * total with prob. 1 - delta."""
        raise NotImplementedError

    def merge(self, other: CountMinSketch) -> None:
        """Add `other` into this sketch; ValueError unless width, depth and seed all match."""
        raise NotImplementedError
