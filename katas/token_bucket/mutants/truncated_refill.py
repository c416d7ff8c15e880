"""Mutant: the refill is truncated to whole tokens while the refill time still moves on.

category: clock
Fractions of a token are lost, so frequent callers starve.
"""

from __future__ import annotations

from reference.token_bucket import KeyedLimiter, TokenBucket

__all__ = ["KeyedLimiter", "TokenBucket"]


class TokenBucket(TokenBucket):  # type: ignore[no-redef]
    def _refill(self) -> float:
        now = self._clock()
        if now > self._last:
            earned = int((now - self._last) * self.rate)
            self._tokens = min(self.capacity, self._tokens + earned)
            self._last = now
        return now
