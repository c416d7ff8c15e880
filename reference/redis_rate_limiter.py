"""Distributed token bucket: one Lua script per decision, idle keys expire, a failure policy."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

Clock = Callable[[], float]

FAIL_OPEN = "open"
FAIL_CLOSED = "closed"

# The whole read-modify-write runs inside Redis, so no other client can act between the read and
# the write (GET then SET from the client races; INCR + EXPIRE is a fixed window, not a bucket).
# Time comes in as an argument so every instance's clock (and the tests') is honoured.
TOKEN_BUCKET_LUA = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local n = tonumber(ARGV[4])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
-- A caller whose clock is behind the last writer's must not mint tokens.
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end
local allowed = 0
if tokens >= n then
  tokens = tokens - n
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
-- Once idle long enough to be full again the key equals a missing one: let Redis drop it.
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((capacity - tokens) / rate * 1000)))
-- Lua numbers come back to the client as truncated integers: send the fraction as a string.
return {allowed, tostring(tokens)}
"""


@dataclass(frozen=True)
class Decision:
    """One answer of the limiter, with what an HTTP layer needs to tell the client."""

    allowed: bool
    limit: int
    remaining: int
    reset: float
    retry_after: float

    def headers(self) -> dict[str, str]:
        # Round waits up: a client told "0" comes straight back and is rejected again.
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(math.ceil(self.reset)),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, math.ceil(self.retry_after)))
        return headers


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
        if capacity <= 0 or rate <= 0:
            raise ValueError(f"capacity and rate must be positive, got {capacity=} {rate=}")
        if failure_policy not in (FAIL_OPEN, FAIL_CLOSED):
            raise ValueError(f"failure_policy must be 'open' or 'closed', got {failure_policy!r}")
        self.capacity = capacity
        self.rate = rate
        self.failure_policy = failure_policy
        self._client = client
        self._prefix = prefix
        # Wall clock: instances on different hosts must agree on "now"; a monotonic clock's zero
        # is different in every process. The script's max() absorbs small skew backwards.
        self._clock = clock or time.time
        # EVALSHA with a fallback to EVAL on NOSCRIPT (script cache flushed by a restart).
        self._script = client.register_script(TOKEN_BUCKET_LUA)

    def acquire(self, key: str, n: int = 1) -> Decision:
        if n <= 0 or n > self.capacity:
            raise ValueError(f"n must be in 1..{self.capacity}, got {n}")
        now = self._clock()
        try:
            allowed, raw_tokens = self._script(
                keys=[f"{self._prefix}:{key}"], args=[self.capacity, self.rate, now, n]
            )
        except redis.RedisError:
            return self._degraded(n)
        tokens = float(raw_tokens)
        return Decision(
            allowed=bool(allowed),
            limit=self.capacity,
            remaining=math.floor(tokens),
            reset=(self.capacity - tokens) / self.rate,
            retry_after=0.0 if allowed else (n - tokens) / self.rate,
        )

    def _degraded(self, n: int) -> Decision:
        """Redis unreachable: answer by policy, never raise into the request path."""
        if self.failure_policy == FAIL_OPEN:
            # Availability first: the API stays up, unlimited for the length of the outage.
            return Decision(True, self.capacity, self.capacity - n, 0.0, 0.0)
        # Protection first: reject, and ask the client to come back after one token's time.
        wait = n / self.rate
        return Decision(False, self.capacity, 0, wait, wait)
