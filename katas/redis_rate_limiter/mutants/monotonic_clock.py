"""Mutant: the default clock is time.monotonic.

category: clock
Each process's monotonic clock starts somewhere else, so instances disagree about "now".
"""

from __future__ import annotations

import time

from reference import redis_rate_limiter as reference
from reference.redis_rate_limiter import FAIL_CLOSED, FAIL_OPEN, Decision

__all__ = ["FAIL_CLOSED", "FAIL_OPEN", "Decision", "RedisRateLimiter"]


class RedisRateLimiter(reference.RedisRateLimiter):
    def __init__(self, client, capacity, rate, *, clock=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(client, capacity, rate, clock=clock or time.monotonic, **kwargs)
