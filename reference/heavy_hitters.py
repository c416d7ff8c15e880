"""Heavy hitters in bounded memory: SpaceSaving counters and a count-min sketch."""

from __future__ import annotations

import hashlib
import heapq
import math
import threading


class SpaceSaving:
    """At most k counters; every item seen more than n/k times is guaranteed to hold one."""

    def __init__(self, k: int) -> None:
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        self.k = k
        self.total = 0
        self._counts: dict[str, int] = {}
        self._errors: dict[str, int] = {}
        # Min-heap of (count, item); entries go stale when a count moves on and are skipped when
        # they surface, so finding the smallest counter is O(log k), not a scan of k counters.
        self._heap: list[tuple[int, str]] = []
        self._lock = threading.Lock()

    def _smallest(self) -> str:
        while True:
            count, item = self._heap[0]
            if self._counts.get(item) == count:
                return item
            heapq.heappop(self._heap)

    def add(self, item: str, count: int = 1) -> None:
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        with self._lock:
            self.total += count
            if item in self._counts:
                self._counts[item] += count
            elif len(self._counts) < self.k:
                self._counts[item] = count
                self._errors[item] = 0
            else:
                # The newcomer takes over the smallest counter *and its count*: it may have been
                # seen up to that many times before, so its count stays an upper bound.
                victim = self._smallest()
                floor = self._counts.pop(victim)
                del self._errors[victim]
                self._counts[item] = floor + count
                self._errors[item] = floor
            heapq.heappush(self._heap, (self._counts[item], item))
            if len(self._heap) > 4 * self.k:  # drop stale entries: O(k) every O(k) adds
                self._heap = [(c, i) for i, c in self._counts.items()]
                heapq.heapify(self._heap)

    def estimate(self, item: str) -> int:
        """An upper bound on the item's true count."""
        with self._lock:
            if item in self._counts:
                return self._counts[item]
            # An unmonitored item was evicted (or never seen) while every counter was at least this.
            return min(self._counts.values()) if len(self._counts) == self.k else 0

    def guaranteed(self, item: str) -> int:
        """A lower bound on the item's true count."""
        with self._lock:
            return self._counts.get(item, 0) - self._errors.get(item, 0)

    def heavy_hitters(self) -> list[tuple[str, int]]:
        """Every item that may occur more than total/k times, (item, estimate), most first."""
        with self._lock:
            found = [(i, c) for i, c in self._counts.items() if c * self.k > self.total]
            return sorted(found, key=lambda pair: (-pair[1], pair[0]))


class CountMinSketch:
    """depth rows of width counters; an estimate is the smallest of the item's row counters.

    estimate >= true count always; estimate <= true + epsilon * total with probability
    1 - delta, for width = ceil(e / epsilon) and depth = ceil(ln(1 / delta)).
    """

    def __init__(self, epsilon: float, delta: float, seed: int = 0) -> None:
        if not 0 < epsilon < 1 or not 0 < delta < 1:
            raise ValueError(f"epsilon and delta must be in (0, 1), got {epsilon=} {delta=}")
        self.epsilon = epsilon
        self.delta = delta
        self.seed = seed
        self.width = math.ceil(math.e / epsilon)
        self.depth = math.ceil(math.log(1 / delta))
        self.total = 0
        self._rows = [[0] * self.width for _ in range(self.depth)]
        # A keyed hash: the same item lands in the same cells in every process and every run
        # (Python's hash() of a str is salted per process, so sketches could not be merged).
        self._key = seed.to_bytes(16, "big", signed=True)
        self._lock = threading.Lock()

    def _cells(self, item: str) -> list[int]:
        digest = hashlib.blake2b(item.encode(), digest_size=16, key=self._key).digest()
        h1 = int.from_bytes(digest[:8], "big")
        h2 = int.from_bytes(digest[8:], "big") | 1
        # Double hashing: row i uses h1 + i * h2, independent enough for the bound.
        return [(h1 + row * h2) % self.width for row in range(self.depth)]

    def add(self, item: str, count: int = 1) -> None:
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        cells = self._cells(item)
        with self._lock:
            self.total += count
            for row, cell in zip(self._rows, cells, strict=True):
                row[cell] += count

    def estimate(self, item: str) -> int:
        cells = self._cells(item)
        with self._lock:
            # Collisions only ever add: the least inflated row is the best answer.
            return min(row[cell] for row, cell in zip(self._rows, cells, strict=True))

    def merge(self, other: CountMinSketch) -> None:
        """Add a sketch built with the same epsilon, delta and seed (another server's)."""
        if (other.width, other.depth, other.seed) != (self.width, self.depth, self.seed):
            raise ValueError("only sketches with the same width, depth and seed can be merged")
        with self._lock:
            self.total += other.total
            for mine, theirs in zip(self._rows, other._rows, strict=True):
                for cell, value in enumerate(theirs):
                    mine[cell] += value
