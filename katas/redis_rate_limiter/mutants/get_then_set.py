"""Mutant: the bucket is read, computed and written back from the client, not in one script.

category: concurrency
Two instances read the same token count and both spend it.
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
        now = self._clock()
        name = f"{self._prefix}:{key}"
        try:
            raw_tokens, raw_ts = self._client.hmget(name, "tokens", "ts")
            tokens = self.capacity if raw_tokens is None else float(raw_tokens)
            ts = now if raw_ts is None else float(raw_ts)
            if now > ts:
                tokens = min(self.capacity, tokens + (now - ts) * self.rate)
                ts = now
            allowed = tokens >= n
            if allowed:
                tokens -= n
            self._client.hset(name, mapping={"tokens": repr(tokens), "ts": repr(ts)})
            self._client.pexpire(
                name, max(1, math.ceil((self.capacity - tokens) / self.rate * 1000))
            )
        except redis.RedisError:
            return self._degraded(n)
        return Decision(
            allowed,
            self.capacity,
            math.floor(tokens),
            (self.capacity - tokens) / self.rate,
            0.0 if allowed else (n - tokens) / self.rate,
        )
