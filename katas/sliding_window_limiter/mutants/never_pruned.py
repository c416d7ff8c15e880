"""Mutant: the log is never pruned; old timestamps are skipped when counting but kept forever.

category: perf
Decisions are right, but memory grows with every request ever admitted.
"""

from __future__ import annotations

import bisect

from reference import sliding_window_limiter as reference
from reference.sliding_window_limiter import SlidingWindowCounter

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowLog(reference.SlidingWindowLog):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._all: list[float] = []

    def acquire(self) -> bool:
        with self._lock:
            now = self._clock()
            recent = len(self._all) - bisect.bisect_right(self._all, now - self.window)
            if recent < self.limit:
                self._all.append(now)
                return True
            return False

    def retry_after(self) -> float:
        with self._lock:
            now = self._clock()
            first = bisect.bisect_right(self._all, now - self.window)
            if len(self._all) - first < self.limit:
                return 0.0
            return self._all[first] + self.window - now

    def __len__(self) -> int:
        return len(self._all)
