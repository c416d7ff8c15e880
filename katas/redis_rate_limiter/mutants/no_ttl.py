"""Mutant: bucket keys are written without a TTL.

category: edge
Every key that ever made a request stays in Redis forever.
"""

from __future__ import annotations

from reference import redis_rate_limiter as reference
from reference.redis_rate_limiter import FAIL_CLOSED, FAIL_OPEN, Decision

__all__ = ["FAIL_CLOSED", "FAIL_OPEN", "Decision", "RedisRateLimiter"]

SCRIPT = "\n".join(
    line for line in reference.TOKEN_BUCKET_LUA.splitlines() if "PEXPIRE" not in line
)


class RedisRateLimiter(reference.RedisRateLimiter):
    def __init__(self, client, capacity, rate, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(client, capacity, rate, **kwargs)
        self._script = client.register_script(SCRIPT)
