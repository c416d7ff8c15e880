"""Mutant: the "log" is a fixed-window counter that resets at every aligned window.

category: clock
A full burst just before a boundary and another just after are both admitted.
"""

from __future__ import annotations

import math

from reference import sliding_window_limiter as reference
from reference.sliding_window_limiter import SlidingWindowCounter

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowLog(reference.SlidingWindowLog):
    def _prune(self, now: float) -> None:
        start = math.floor(now / self.window) * self.window
        while self._log and self._log[0] < start:
            self._log.popleft()
