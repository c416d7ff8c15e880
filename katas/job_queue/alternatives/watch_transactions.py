"""Optimistic WATCH/MULTI transactions instead of Lua, one hash per job and one schedule zset.

Every job lives in `name:job:<id>` (payload, attempts, state, receipt). Ready jobs sit in a sorted
set scored by a sequence number (FIFO); in-flight deadlines and retry times share a second sorted
set. Each state change is one MULTI/EXEC guarded by WATCH, retried when another worker got in
between, so a crash never leaves half a move behind.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis

Clock = Callable[[], float]


@dataclass(frozen=True)
class Job:
    id: str
    payload: str
    attempts: int
    receipt: str


def _s(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


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
        if min(visibility_timeout, backoff_base, backoff_cap) <= 0 or max_attempts < 1:
            raise ValueError("bad queue settings")
        self._redis = client
        self._name = name
        self.visibility_timeout = visibility_timeout
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._clock = clock if clock is not None else time.time
        self._ready = f"{name}:ready"
        self._schedule = f"{name}:schedule"
        self._dead = f"{name}:dead"
        self._seq = f"{name}:seq"

    def _job(self, job_id: str) -> str:
        return f"{self._name}:job:{job_id}"

    def _now_ms(self) -> int:
        return round(self._clock() * 1000)

    def enqueue(self, payload: str, job_id: str | None = None) -> str:
        job_id = job_id or uuid.uuid4().hex
        key = self._job(job_id)

        def move(pipe: Any) -> None:
            if pipe.exists(key):
                pipe.multi()
                return
            seq = int(pipe.get(self._seq) or 0) + 1
            pipe.multi()
            pipe.hset(key, mapping={"payload": payload, "attempts": 0, "state": "ready"})
            pipe.set(self._seq, seq)
            pipe.zadd(self._ready, {job_id: seq})

        self._redis.transaction(move, key, self._seq)
        return job_id

    def reserve(self) -> Job | None:
        now = self._now_ms()
        receipt = uuid.uuid4().hex

        def move(pipe: Any) -> Job | None:
            due = [_s(i) for i in pipe.zrangebyscore(self._schedule, "-inf", now)]
            seq = int(pipe.get(self._seq) or 0)
            head = [_s(i) for i in pipe.zrange(self._ready, 0, 0)]
            back, dead = [], []
            for job_id in due:
                state, attempts = pipe.hmget(self._job(job_id), "state", "attempts")
                if attempts is None:  # acked since we read the set: read again
                    raise redis.WatchError
                timed_out = _s(state) == "inflight"
                (dead if timed_out and int(attempts) >= self.max_attempts else back).append(job_id)
            chosen = head[0] if head else (back[0] if back else None)
            found = None
            if chosen is not None:
                payload, attempts = pipe.hmget(self._job(chosen), "payload", "attempts")
                if attempts is None:
                    raise redis.WatchError
                found = Job(chosen, _s(payload), int(attempts) + 1, receipt)
            pipe.multi()
            for job_id in dead:
                pipe.zrem(self._schedule, job_id)
                pipe.rpush(self._dead, job_id)
                pipe.hset(self._job(job_id), "state", "dead")
            for job_id in back:
                pipe.zrem(self._schedule, job_id)
                if job_id != chosen:
                    seq += 1
                    pipe.zadd(self._ready, {job_id: seq})
                    pipe.hset(self._job(job_id), "state", "ready")
            pipe.set(self._seq, seq)
            if found is not None:
                pipe.zrem(self._ready, found.id)
                pipe.zadd(self._schedule, {found.id: now + round(self.visibility_timeout * 1000)})
                pipe.hset(
                    self._job(found.id),
                    mapping={"state": "inflight", "receipt": receipt, "attempts": found.attempts},
                )
            return found

        # Every change of a job's state also changes the ready or schedule set: watching them
        # (and the sequence) is enough to see any worker that got in between.
        return self._redis.transaction(  # type: ignore[no-any-return]
            move, self._ready, self._schedule, self._seq, value_from_callable=True
        )

    def _settle(self, job: Job, change: Callable[[Any, str], None]) -> bool:
        key = self._job(job.id)

        def move(pipe: Any) -> bool:
            state, receipt = pipe.hmget(key, "state", "receipt")
            if state is None or _s(state) != "inflight" or _s(receipt) != job.receipt:
                pipe.multi()
                return False
            pipe.multi()
            change(pipe, key)
            return True

        return self._redis.transaction(  # type: ignore[no-any-return]
            move, key, value_from_callable=True
        )

    def ack(self, job: Job) -> bool:
        def done(pipe: Any, key: str) -> None:
            pipe.zrem(self._schedule, job.id)
            pipe.delete(key)

        return self._settle(job, done)

    def backoff(self, attempts: int) -> float:
        return float(min(self.backoff_cap, self.backoff_base * 2 ** (attempts - 1)))

    def nack(self, job: Job) -> bool:
        retry_at = self._now_ms() + round(self.backoff(job.attempts) * 1000)

        def failed(pipe: Any, key: str) -> None:
            if job.attempts >= self.max_attempts:
                pipe.zrem(self._schedule, job.id)
                pipe.rpush(self._dead, job.id)
                pipe.hset(key, mapping={"state": "dead", "receipt": ""})
            else:
                pipe.zadd(self._schedule, {job.id: retry_at})
                pipe.hset(key, mapping={"state": "delayed", "receipt": ""})

        return self._settle(job, failed)

    def touch(self, job: Job) -> bool:
        deadline = self._now_ms() + round(self.visibility_timeout * 1000)

        def extend(pipe: Any, key: str) -> None:
            pipe.zadd(self._schedule, {job.id: deadline})

        return self._settle(job, extend)

    def dead_letters(self) -> list[Job]:
        letters = []
        for raw in self._redis.lrange(self._dead, 0, -1):
            job_id = _s(raw)
            payload, attempts = self._redis.hmget(self._job(job_id), "payload", "attempts")
            letters.append(Job(job_id, _s(payload or b""), int(attempts or 0), ""))
        return letters
