"""Mutant: a Redis error reaches the caller instead of the failure policy.

category: failure
When Redis is down every request fails with ConnectionError.
"""

from __future__ import annotations

import math

from reference import redis_rate_limiter as reference
from reference.redis_rate_limiter import FAIL_CLOSED, FAIL_OPEN, Decision

__all__ = ["FAIL_CLOSED", "FAIL_OPEN", "Decision", "RedisRateLimiter"]


class RedisRateLimiter(reference.RedisRateLimiter):
    def acquire(self, key: str, n: int = 1) -> Decision:
        if n <= 0 or n > self.capacity:
            raise ValueError(n)
        allowed, raw = self._script(
            keys=[f"{self._prefix}:{key}"], args=[self.capacity, self.rate, self._clock(), n]
        )
        tokens = float(raw)
        return Decision(
            bool(allowed),
            self.capacity,
            math.floor(tokens),
            (self.capacity - tokens) / self.rate,
            0.0 if allowed else (n - tokens) / self.rate,
        )
