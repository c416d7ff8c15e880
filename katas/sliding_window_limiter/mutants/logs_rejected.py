"""Mutant: rejected requests are logged too.

category: edge
A client that keeps retrying while limited keeps pushing its next free slot back.
"""

from __future__ import annotations

from reference import sliding_window_limiter as reference
from reference.sliding_window_limiter import SlidingWindowCounter

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowLog(reference.SlidingWindowLog):
    def acquire(self) -> bool:
        with self._lock:
            now = self._clock()
            self._prune(now)
            allowed = len(self._log) < self.limit
            self._log.append(now)
            return allowed
