"""Mutant: add appends, and median() sorts a copy of everything each time it is asked.

category: perf
Correct answers, but a query costs O(n log n) instead of O(1).
"""

from __future__ import annotations

import threading

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]


class MedianFinder:
    def __init__(self) -> None:
        self._values: list[float] = []
        self._lock = threading.Lock()

    def add(self, value: float) -> None:
        with self._lock:
            self._values.append(value)

    def median(self) -> float:
        with self._lock:
            values = sorted(self._values)
            n = len(values)
            if not n:
                raise ValueError("median of an empty stream")
            if n % 2:
                return values[n // 2]
            return (values[n // 2 - 1] + values[n // 2]) / 2

    def __len__(self) -> int:
        return len(self._values)


class WindowMedian(reference.WindowMedian):
    pass
