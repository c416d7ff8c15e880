"""Distributed token bucket rate limiter on Redis.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import math  # noqa: F401 - headers() rounds waits up
import time  # noqa: F401 - the default clock is time.time
from collections.abc import Callable
from dataclasses import dataclass

import redis

Clock = Callable[[], float]

FAIL_OPEN = "open"
FAIL_CLOSED = "closed"


@dataclass(frozen=True)
class Decision:
    """One answer of the limiter.

    allowed: whether the call may go ahead.
    limit: the bucket's capacity.
    remaining: whole tokens left after this call (never rounded up).
    reset: seconds until the bucket would be full again.
    retry_after: seconds until the same request would succeed; 0.0 when allowed.
    """

    allowed: bool
    limit: int
    remaining: int
    reset: float
    retry_after: float

    def headers(self) -> dict[str, str]:
        """HTTP headers for this answer, values as whole-second integer strings.

        Always "RateLimit-Limit", "RateLimit-Remaining" and "RateLimit-Reset" (reset rounded up);
        on a rejection also "Retry-After": retry_after rounded up, at least 1.
        """
        raise NotImplementedError


class RedisRateLimiter:
    """A token bucket per key whose state lives in Redis, shared by every instance.

    capacity tokens per bucket, refilled at `rate` tokens per second. `clock` returns seconds;
    None means `time.time`, looked up when the limiter is created. Every decision is one atomic
    step in Redis (a Lua script), which receives the caller's time as an argument. Keys are named
    `f"{prefix}:{key}"` and expire once idle long enough to be full again: every call sets the
    key's TTL to at least the time until the bucket is full and at most `capacity / rate` seconds.

    failure_policy: what to answer when Redis fails (unreachable, a timeout, an error reply):
    "open" admits, "closed" rejects (with remaining 0 and 0 < retry_after <= capacity / rate).
    Either way acquire never raises a Redis error.
    Raise ValueError for a capacity or rate that is not positive, or an unknown policy.
    """

    def __init__(
        self,
        client: redis.Redis,
        capacity: int,
        rate: float,
        *,
        failure_policy: str = FAIL_OPEN,
        prefix: str = "ratelimit",
        clock: Clock | None = None,
    ) -> None:
        raise NotImplementedError

    def acquire(self, key: str, n: int = 1) -> Decision:
        """Take n tokens from key's bucket if they are all there; the Decision says what happened.

        Raise ValueError if n is below 1 or above the capacity.
        """
        raise NotImplementedError
