"""Mutant: after a gap of two windows or more, the counter still weighs the old count.

category: clock
The last busy window is treated as the previous one however long ago it was.
"""

from __future__ import annotations

import math

from reference import sliding_window_limiter as reference
from reference.sliding_window_limiter import SlidingWindowLog

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowCounter(reference.SlidingWindowCounter):
    def _roll(self, now: float) -> float:
        index = math.floor(now / self.window)
        if index > self._index:
            self._previous = self._current
            self._current = 0
            self._index = index
        return min(1.0, max(0.0, 1.0 - (now / self.window - self._index)))
