"""Mutant: values go to the heap their size calls for, but the heaps are never rebalanced.

category: property
A run of large values piles up in the upper heap and the tops stop being the middle.
"""

from __future__ import annotations

import heapq

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]


class MedianFinder(reference.MedianFinder):
    def add(self, value: float) -> None:
        with self._lock:
            if not self._low or value <= -self._low[0]:
                heapq.heappush(self._low, -value)
            else:
                heapq.heappush(self._high, value)

    def median(self) -> float:
        with self._lock:
            if not self._low:
                raise ValueError("median of an empty stream")
            if len(self._low) > len(self._high):
                return -self._low[0]
            return (-self._low[0] + self._high[0]) / 2 if self._high else -self._low[0]


class WindowMedian(reference.WindowMedian):
    pass
