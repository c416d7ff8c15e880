"""SpaceSaving over a SortedList of (count, item); count-min rows hashed by SHA-256 of seed and row.

The SortedList gives the smallest counter in O(log k) and is never stale: each count change
removes the old pair and adds the new one. Each sketch row has its own hash (SHA-256 of the seed,
the row number and the item), instead of double hashing. One lock per structure.
"""

from __future__ import annotations

import hashlib
import math
import threading

from sortedcontainers import SortedList


class SpaceSaving:
    def __init__(self, k: int) -> None:
        if k < 1:
            raise ValueError("k must be at least 1")
        self.k = k
        self.total = 0
        self._count: dict[str, int] = {}
        self._error: dict[str, int] = {}
        self._order = SortedList()  # (count, item), smallest first
        self._lock = threading.Lock()

    def add(self, item: str, count: int = 1) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self.total += count
            if item in self._count:
                old = self._count[item]
                self._order.remove((old, item))
            elif len(self._count) < self.k:
                old = 0
                self._error[item] = 0
            else:
                old, victim = self._order.pop(0)
                del self._count[victim], self._error[victim]
                self._error[item] = old
            self._count[item] = old + count
            self._order.add((old + count, item))

    def estimate(self, item: str) -> int:
        with self._lock:
            if item in self._count:
                return self._count[item]
            if len(self._count) < self.k:
                return 0
            return self._order[0][0]

    def guaranteed(self, item: str) -> int:
        with self._lock:
            if item not in self._count:
                return 0
            return self._count[item] - self._error[item]

    def heavy_hitters(self) -> list[tuple[str, int]]:
        with self._lock:
            heavy = [(c, i) for c, i in reversed(self._order) if c * self.k > self.total]
            return sorted(((i, c) for c, i in heavy), key=lambda pair: (-pair[1], pair[0]))


class CountMinSketch:
    def __init__(self, epsilon: float, delta: float, seed: int = 0) -> None:
        if not (0 < epsilon < 1 and 0 < delta < 1):
            raise ValueError("epsilon and delta must be in (0, 1)")
        self.width = math.ceil(math.e / epsilon)
        self.depth = math.ceil(math.log(1 / delta))
        self.seed = seed
        self.total = 0
        self._table = [[0] * self.width for _ in range(self.depth)]
        self._lock = threading.Lock()

    def _column(self, row: int, item: str) -> int:
        digest = hashlib.sha256(f"{self.seed}/{row}/{item}".encode()).digest()
        return int.from_bytes(digest[:8], "little") % self.width

    def add(self, item: str, count: int = 1) -> None:
        if count < 1:
            raise ValueError("count must be at least 1")
        columns = [self._column(row, item) for row in range(self.depth)]
        with self._lock:
            self.total += count
            for row, column in enumerate(columns):
                self._table[row][column] += count

    def estimate(self, item: str) -> int:
        columns = [self._column(row, item) for row in range(self.depth)]
        with self._lock:
            return min(self._table[row][column] for row, column in enumerate(columns))

    def merge(self, other: CountMinSketch) -> None:
        if (self.width, self.depth, self.seed) != (other.width, other.depth, other.seed):
            raise ValueError("sketches differ in width, depth or seed")
        with other._lock:
            rows = [list(row) for row in other._table]
            total = other.total
        with self._lock:
            self.total += total
            for mine, theirs in zip(self._table, rows, strict=True):
                for column, value in enumerate(theirs):
                    mine[column] += value
