"""A sortedcontainers.SortedList holds the values in order; the median is read by index.

The window keeps its values in arrival order in a deque beside the SortedList, and removes the
value that leaves the window from the SortedList in place. One lock guards every call.
"""

from __future__ import annotations

import threading
from collections import deque

from sortedcontainers import SortedList


def _middle(values: SortedList) -> float:
    n = len(values)
    if n == 0:
        raise ValueError("no values")
    if n % 2:
        return values[n // 2]
    return (values[n // 2 - 1] + values[n // 2]) / 2


class MedianFinder:
    """The median of every number added so far."""

    def __init__(self) -> None:
        self._values = SortedList()
        self._lock = threading.Lock()

    def add(self, value: float) -> None:
        with self._lock:
            self._values.add(value)

    def median(self) -> float:
        with self._lock:
            return _middle(self._values)

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)


class WindowMedian:
    """The median of the last `size` numbers added."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"window size must be at least 1, got {size}")
        self._size = size
        self._arrivals: deque[float] = deque()
        self._values = SortedList()
        self._lock = threading.Lock()

    def add(self, value: float) -> None:
        with self._lock:
            self._arrivals.append(value)
            self._values.add(value)
            if len(self._arrivals) > self._size:
                self._values.remove(self._arrivals.popleft())

    def median(self) -> float:
        with self._lock:
            return _middle(self._values)

    def __len__(self) -> int:
        with self._lock:
            return len(self._arrivals)
