"""Mutant: the window's median() sorts the values in the window each time it is asked.

category: perf
Correct answers, but a query costs O(size log size) instead of O(1) amortised.
"""

from __future__ import annotations

import statistics

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]

MedianFinder = reference.MedianFinder


class WindowMedian(reference.WindowMedian):
    def median(self) -> float:
        with self._lock:
            if not self._side:
                raise ValueError("median of an empty window")
            live = [-key for key, seq in self._low if seq in self._side]
            live += [key for key, seq in self._high if seq in self._side]
            return statistics.median(live)
