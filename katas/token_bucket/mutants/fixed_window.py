"""Mutant: a fixed-window counter (capacity per whole second) instead of a bucket.

category: clock
It admits twice the capacity across a window boundary.
"""

from __future__ import annotations

import math

from reference.token_bucket import KeyedLimiter, TokenBucket

__all__ = ["KeyedLimiter", "TokenBucket"]


class TokenBucket(TokenBucket):  # type: ignore[no-redef]
    def _refill(self) -> float:
        now = self._clock()
        if math.floor(now) != math.floor(self._last):
            self._tokens = float(self.capacity)
        self._last = now
        return now
