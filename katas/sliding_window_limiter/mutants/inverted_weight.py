"""Mutant: the counter weights the previous window by the time elapsed in the current one.

category: clock
The weight should be the part of the previous window still in view: 1 - elapsed / window.
"""

from __future__ import annotations

from reference import sliding_window_limiter as reference
from reference.sliding_window_limiter import SlidingWindowLog

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowCounter(reference.SlidingWindowCounter):
    def _roll(self, now: float) -> float:
        return 1.0 - super()._roll(now)
