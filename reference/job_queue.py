"""Fault-tolerant job queue on Redis: reserve with a visibility timeout, ack with a receipt, retries
with exponential backoff, a dead-letter queue, and every move between states in one Lua script."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

Clock = Callable[[], float]


@dataclass(frozen=True)
class Job:
    id: str
    payload: str
    attempts: int  # deliveries so far, this one included
    receipt: str  # names this delivery; "" for a dead-lettered job


_ENQUEUE = """
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then
    return 0
end
redis.call('LPUSH', KEYS[1], ARGV[1])
return 1
"""

# One script, so a worker that dies half-way can never have taken a job off the ready list
# without also recording it in flight (where the timeout will find it again).
_RESERVE = """
local ready, inflight, delayed, jobs = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local attempts, receipts, dead = KEYS[5], KEYS[6], KEYS[7]
local now, max_attempts = tonumber(ARGV[1]), tonumber(ARGV[3])
-- Deliveries whose deadline passed: the worker died or is too slow. That delivery was an attempt.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', inflight, '-inf', now)) do
    redis.call('ZREM', inflight, id)
    redis.call('HDEL', receipts, id)
    if tonumber(redis.call('HGET', attempts, id)) >= max_attempts then
        redis.call('LPUSH', dead, id)
    else
        redis.call('LPUSH', ready, id)
    end
end
-- Retries whose backoff is over.
for _, id in ipairs(redis.call('ZRANGEBYSCORE', delayed, '-inf', now)) do
    redis.call('ZREM', delayed, id)
    redis.call('LPUSH', ready, id)
end
local id = redis.call('RPOP', ready)
if not id then
    return false
end
redis.call('ZADD', inflight, now + tonumber(ARGV[2]), id)
redis.call('HSET', receipts, id, ARGV[4])
local n = redis.call('HINCRBY', attempts, id, 1)
return {id, redis.call('HGET', jobs, id), n}
"""

# Only the current delivery may settle a job: after a redelivery the first worker's receipt is
# stale, and its late ack must not remove the job another worker is now running.
_ACK = """
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
    return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
"""

_NACK = """
local inflight, receipts, delayed, attempts, dead = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
if redis.call('HGET', receipts, ARGV[1]) ~= ARGV[2] then
    return 0
end
redis.call('ZREM', inflight, ARGV[1])
redis.call('HDEL', receipts, ARGV[1])
if tonumber(redis.call('HGET', attempts, ARGV[1])) >= tonumber(ARGV[4]) then
    redis.call('LPUSH', dead, ARGV[1])
else
    redis.call('ZADD', delayed, ARGV[3], ARGV[1])
end
return 1
"""

_TOUCH = """
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then
    return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
"""


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class JobQueue:
    def __init__(
        self,
        client: redis.Redis,
        name: str = "jobs",
        visibility_timeout: float = 30.0,
        max_attempts: int = 5,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
        clock: Clock | None = None,
    ) -> None:
        if visibility_timeout <= 0 or backoff_base <= 0 or backoff_cap <= 0:
            raise ValueError("visibility_timeout, backoff_base and backoff_cap must be positive")
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {max_attempts}")
        self.client = client
        self.name = name
        self.visibility_timeout = visibility_timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        # Deadlines are shared by workers on many hosts, so they need a time base all hosts share:
        # the wall clock (a monotonic clock's origin differs from host to host).
        self._clock = clock or time.time
        keys = ("ready", "inflight", "delayed", "jobs", "attempts", "receipts", "dead")
        self._keys = {k: f"{name}:{k}" for k in keys}
        self._enqueue = client.register_script(_ENQUEUE)
        self._reserve = client.register_script(_RESERVE)
        self._ack = client.register_script(_ACK)
        self._nack = client.register_script(_NACK)
        self._touch = client.register_script(_TOUCH)

    def _now_ms(self) -> int:
        return round(self._clock() * 1000)

    def _k(self, *names: str) -> list[str]:
        return [self._keys[n] for n in names]

    def enqueue(self, payload: str, job_id: str | None = None) -> str:
        job_id = job_id or secrets.token_hex(8)
        self._enqueue(keys=self._k("ready", "jobs"), args=[job_id, payload])
        return job_id

    def reserve(self) -> Job | None:
        keys = self._k("ready", "inflight", "delayed", "jobs", "attempts", "receipts", "dead")
        receipt = secrets.token_hex(8)
        visibility_ms = round(self.visibility_timeout * 1000)
        found = self._reserve(
            keys=keys, args=[self._now_ms(), visibility_ms, self.max_attempts, receipt]
        )
        if found is None:
            return None
        job_id, payload, attempts = found
        return Job(_text(job_id), _text(payload), int(attempts), receipt)

    def ack(self, job: Job) -> bool:
        keys = self._k("inflight", "receipts", "jobs", "attempts")
        return bool(self._ack(keys=keys, args=[job.id, job.receipt]))

    def backoff(self, attempts: int) -> float:
        # Exponential, capped: a failing dependency gets room to recover instead of a retry storm.
        return float(min(self.backoff_cap, self.backoff_base * 2 ** (attempts - 1)))

    def nack(self, job: Job) -> bool:
        retry_at = self._now_ms() + round(self.backoff(job.attempts) * 1000)
        keys = self._k("inflight", "receipts", "delayed", "attempts", "dead")
        args: list[str | int] = [job.id, job.receipt, retry_at, self.max_attempts]
        return bool(self._nack(keys=keys, args=args))

    def touch(self, job: Job) -> bool:
        deadline = self._now_ms() + round(self.visibility_timeout * 1000)
        keys = self._k("inflight", "receipts")
        return bool(self._touch(keys=keys, args=[job.id, job.receipt, deadline]))

    def dead_letters(self) -> list[Job]:
        ids = [_text(i) for i in reversed(self.client.lrange(self._keys["dead"], 0, -1))]
        if not ids:
            return []
        payloads = self.client.hmget(self._keys["jobs"], ids)
        attempts = self.client.hmget(self._keys["attempts"], ids)
        return [
            Job(job_id, _text(p or b""), int(a or 0), "")
            for job_id, p, a in zip(ids, payloads, attempts, strict=True)
        ]
