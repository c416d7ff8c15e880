"""Mutant: no lock, so the push and the rebalance of one add interleave with other threads'.

category: concurrency
"""

from __future__ import annotations

from contextlib import nullcontext

from reference import streaming_median as reference

__all__ = ["MedianFinder", "WindowMedian"]


class MedianFinder(reference.MedianFinder):
    def __init__(self) -> None:
        super().__init__()
        self._lock = nullcontext()  # type: ignore[assignment]


class WindowMedian(reference.WindowMedian):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self._lock = nullcontext()  # type: ignore[assignment]
