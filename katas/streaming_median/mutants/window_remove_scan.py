"""Mutant: the window deletes its oldest value eagerly with a scan and heapify: O(size) per add.

category: perf
"""

from __future__ import annotations

import heapq

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]

MedianFinder = reference.MedianFinder


class WindowMedian(reference.WindowMedian):
    def add(self, value: float) -> None:
        super().add(value)
        with self._lock:
            leaving = self._seq - self.size - 1
            for heap in (self._low, self._high):
                for index, (_, seq) in enumerate(heap):
                    if seq == leaving:
                        heap.pop(index)
                        heapq.heapify(heap)
                        break
