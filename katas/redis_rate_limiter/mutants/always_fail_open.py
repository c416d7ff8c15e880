"""Mutant: the failure policy is ignored; an outage always admits.

category: failure
A limiter configured to protect its backend (fail closed) lets everything through.
"""

from __future__ import annotations

from reference import redis_rate_limiter as reference
from reference.redis_rate_limiter import FAIL_CLOSED, FAIL_OPEN, Decision

__all__ = ["FAIL_CLOSED", "FAIL_OPEN", "Decision", "RedisRateLimiter"]


class RedisRateLimiter(reference.RedisRateLimiter):
    def _degraded(self, n: int) -> Decision:
        return Decision(True, self.capacity, self.capacity - n, 0.0, 0.0)
