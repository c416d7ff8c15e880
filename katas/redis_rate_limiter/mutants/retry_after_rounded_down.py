"""Mutant: Retry-After is the wait rounded down, so a short wait becomes "0".

category: example
Clients told to retry after 0 seconds come straight back and are rejected again.
"""

from __future__ import annotations

from reference import redis_rate_limiter as reference
from reference.redis_rate_limiter import FAIL_CLOSED, FAIL_OPEN, RedisRateLimiter

__all__ = ["FAIL_CLOSED", "FAIL_OPEN", "Decision", "RedisRateLimiter"]


class Decision(reference.Decision):
    def headers(self) -> dict[str, str]:
        headers = super().headers()
        if "Retry-After" in headers:
            headers["Retry-After"] = str(int(self.retry_after))
        return headers


class RedisRateLimiter(RedisRateLimiter):  # type: ignore[no-redef]
    def acquire(self, key: str, n: int = 1) -> Decision:
        d = super().acquire(key, n)
        return Decision(d.allowed, d.limit, d.remaining, d.reset, d.retry_after)
