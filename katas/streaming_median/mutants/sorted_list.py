"""Mutant: one sorted list kept with bisect.insort.

category: perf
Correct answers, but every add shifts half the list: O(n) per add instead of O(log n).
"""

from __future__ import annotations

import bisect
import threading

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]


class MedianFinder:
    def __init__(self) -> None:
        self._values: list[float] = []
        self._lock = threading.Lock()

    def add(self, value: float) -> None:
        with self._lock:
            bisect.insort(self._values, value)

    def median(self) -> float:
        with self._lock:
            n = len(self._values)
            if not n:
                raise ValueError("median of an empty stream")
            if n % 2:
                return self._values[n // 2]
            return (self._values[n // 2 - 1] + self._values[n // 2]) / 2

    def __len__(self) -> int:
        return len(self._values)


class WindowMedian(reference.WindowMedian):
    pass
