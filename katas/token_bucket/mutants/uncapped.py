"""Mutant: refill is not capped at the capacity.

category: clock
After a long idle period the bucket admits far more than one burst.
"""

from __future__ import annotations

from reference.token_bucket import KeyedLimiter, TokenBucket

__all__ = ["KeyedLimiter", "TokenBucket"]


class TokenBucket(TokenBucket):  # type: ignore[no-redef]
    def _refill(self) -> float:
        now = self._clock()
        if now > self._last:
            self._tokens += (now - self._last) * self.rate
            self._last = now
        return now
