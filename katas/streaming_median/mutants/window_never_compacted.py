"""Mutant: the window's lazy deletion never rebuilds its heaps.

category: perf
Values that left the window but sit deep in a heap are kept forever: memory grows with the stream.
"""

from __future__ import annotations

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]

MedianFinder = reference.MedianFinder


class WindowMedian(reference.WindowMedian):
    def _compact(self) -> None:
        pass
