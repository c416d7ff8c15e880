"""Mutant: INCR plus EXPIRE on a per-window counter instead of a token bucket.

category: clock
A fixed window: a full burst just before the boundary and another just after.
"""

from __future__ import annotations

import math

import redis

from reference import redis_rate_limiter as reference
from reference.redis_rate_limiter import FAIL_CLOSED, FAIL_OPEN, Decision

__all__ = ["FAIL_CLOSED", "FAIL_OPEN", "Decision", "RedisRateLimiter"]


class RedisRateLimiter(reference.RedisRateLimiter):
    def acquire(self, key: str, n: int = 1) -> Decision:
        if n <= 0 or n > self.capacity:
            raise ValueError(n)
        window = self.capacity / self.rate
        now = self._clock()
        start = math.floor(now / window) * window
        name = f"{self._prefix}:{key}:{start}"
        try:
            used = int(self._client.incrby(name, n))
            self._client.expire(name, math.ceil(window))
        except redis.RedisError:
            return self._degraded(n)
        if used <= self.capacity:
            return Decision(True, self.capacity, self.capacity - used, start + window - now, 0.0)
        self._client.decrby(name, n)
        wait = start + window - now
        return Decision(False, self.capacity, 0, wait, wait)
