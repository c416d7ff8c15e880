"""Mutant: with an even count the median is the lower of the two middle values, not their mean.

category: example
"""

from __future__ import annotations

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]


class MedianFinder(reference.MedianFinder):
    def median(self) -> float:
        with self._lock:
            if not self._low:
                raise ValueError("median of an empty stream")
            return -self._low[0]


class WindowMedian(reference.WindowMedian):
    pass
