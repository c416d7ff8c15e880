"""Median of a stream.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations


class MedianFinder:
    """The median of every number added so far.

    add is O(log n) and median O(1); every method is safe to call from many threads at once.
    """

    def __init__(self) -> None:
        raise NotImplementedError

    def add(self, value: float) -> None:
        """Add one number to the stream."""
        raise NotImplementedError

    def median(self) -> float:
        """The middle value, or the mean of the two middle values for an even count.

        Raise ValueError when nothing has been added.
        """
        raise NotImplementedError

    def __len__(self) -> int:
        """How many numbers have been added."""
        raise NotImplementedError


class WindowMedian:
    """The median of the last `size` numbers added (a sliding window over the stream).

    Raise ValueError for a size below 1. add is O(log size) amortised, and memory stays
    O(size) however long the stream runs. Thread-safe like MedianFinder.
    """

    def __init__(self, size: int) -> None:
        raise NotImplementedError

    def add(self, value: float) -> None:
        """Add a number; once the window is full the oldest number leaves it."""
        raise NotImplementedError

    def median(self) -> float:
        """The median of the numbers in the window; ValueError when it is empty."""
        raise NotImplementedError

    def __len__(self) -> int:
        """How many numbers are in the window: at most `size`."""
        raise NotImplementedError
