"""Mutant: `<` instead of `<=` when pruning, so a request still counts at exactly t + window.

category: edge
The window is one instant too long.
"""

from __future__ import annotations

from reference import sliding_window_limiter as reference
from reference.sliding_window_limiter import SlidingWindowCounter

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowLog(reference.SlidingWindowLog):
    def _prune(self, now: float) -> None:
        while self._log and self._log[0] < now - self.window:
            self._log.popleft()
