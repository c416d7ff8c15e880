"""GCRA in one EVAL: each key is a string "full_at seen" set with PX, not a hash of tokens.

The bucket is stored as the time it will be full again (`full_at`) and the latest time any
instance reported (`seen`, so a lagging clock mints nothing). Tokens at `now` are
`capacity - (full_at - now) * rate`. The script is sent with EVAL on every call, so a flushed
script cache never matters; SET ... PX writes the value and its TTL in one command.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

Clock = Callable[[], float]

FAIL_OPEN = "open"
FAIL_CLOSED = "closed"

GCRA_LUA = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local full_at, seen = now, now
local raw = redis.call('GET', KEYS[1])
if raw then
  local a, b = string.match(raw, '^(%S+) (%S+)$')
  full_at, seen = tonumber(a), tonumber(b)
end
if now > seen then seen = now end
if full_at < seen then full_at = seen end
local tokens = capacity - (full_at - seen) * rate
local allowed = 0
if tokens + 1e-9 >= n then
  allowed = 1
  full_at = full_at + n / rate
  tokens = tokens - n
end
local ttl = math.max(1, math.ceil((full_at - seen) * 1000))
redis.call('SET', KEYS[1], string.format('%.17g %.17g', full_at, seen), 'PX', ttl)
return {allowed, string.format('%.17g', tokens)}
"""

EPSILON = 1e-9


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: float
    retry_after: float

    def headers(self) -> dict[str, str]:
        out = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(math.ceil(self.reset - EPSILON)),
        }
        if not self.allowed:
            out["Retry-After"] = str(max(1, math.ceil(self.retry_after - EPSILON)))
        return out


class RedisRateLimiter:
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
        if not capacity > 0 or not rate > 0:
            raise ValueError("capacity and rate must be positive")
        if failure_policy not in {FAIL_OPEN, FAIL_CLOSED}:
            raise ValueError(f"unknown failure policy {failure_policy!r}")
        self._client = client
        self._capacity = capacity
        self._rate = rate
        self._policy = failure_policy
        self._prefix = prefix
        self._clock = clock if clock is not None else time.time

    def acquire(self, key: str, n: int = 1) -> Decision:
        if not 1 <= n <= self._capacity:
            raise ValueError(f"n must be between 1 and {self._capacity}")
        args = (self._capacity, self._rate, repr(self._clock()), n)
        try:
            allowed, raw = self._client.eval(GCRA_LUA, 1, f"{self._prefix}:{key}", *args)
        except redis.RedisError:
            if self._policy == FAIL_OPEN:
                return Decision(True, self._capacity, self._capacity - n, 0.0, 0.0)
            return Decision(False, self._capacity, 0, n / self._rate, n / self._rate)
        tokens = max(0.0, float(raw))
        return Decision(
            allowed=allowed == 1,
            limit=self._capacity,
            remaining=math.floor(tokens + EPSILON),
            reset=max(0.0, (self._capacity - tokens) / self._rate),
            retry_after=0.0 if allowed == 1 else (n - tokens) / self._rate,
        )
