"""Fault-tolerant job queue on Redis.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import time  # noqa: F401 - the default clock is time.time
from collections.abc import Callable
from dataclasses import dataclass

import redis

Clock = Callable[[], float]


@dataclass(frozen=True)
class Job:
    """One delivery of a job to a worker."""

    id: str
    payload: str
    attempts: int  # deliveries so far, this one included
    receipt: str  # names this delivery; "" for a dead-lettered job


class JobQueue:
    """A queue shared by every process that uses the same Redis and the same `name`.

    Keep every key under the prefix `f"{name}:"`. A reserved job is hidden from other workers
    for `visibility_timeout` seconds; if it is neither acked nor nacked by then, it is delivered
    again. A job delivered `max_attempts` times that fails (nack, or timeout) goes to the
    dead-letter queue. `clock` returns seconds shared by all processes; None means `time.time`,
    looked up when the queue is created. Raise ValueError for a visibility_timeout, backoff_base
    or backoff_cap that is not positive, or a max_attempts below 1. Redis errors propagate.
    `client` may be made with or without `decode_responses=True` (replies as str or bytes).
    """

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
        raise NotImplementedError

    def enqueue(self, payload: str, job_id: str | None = None) -> str:
        """Add a job and return its id (a new unique id when none is given). Enqueuing an id
        that is already in the queue (ready, reserved, or waiting for a retry) adds nothing."""
        raise NotImplementedError

    def reserve(self) -> Job | None:
        """Deliver the next ready job (oldest first) to this worker, or None if none is ready.
        Jobs whose visibility timeout ran out and retries whose backoff is over are ready again."""
        raise NotImplementedError

    def ack(self, job: Job) -> bool:
        """The job is done: remove it for good. False if this delivery is no longer current
        (it timed out and the job was delivered again, or it was already settled)."""
        raise NotImplementedError

    def backoff(self, attempts: int) -> float:
        """Seconds to wait before retrying a job that failed on delivery number `attempts`:
        backoff_base, doubling with each attempt, never above backoff_cap."""
        raise NotImplementedError

    def nack(self, job: Job) -> bool:
        """The job failed: retry it after `backoff(job.attempts)` seconds, or dead-letter it if
        it has had `max_attempts` deliveries. False (and nothing changes) for a stale delivery."""
        raise NotImplementedError

    def touch(self, job: Job) -> bool:
        """Heartbeat from a slow worker: hide the job for another `visibility_timeout` from
        now. False for a stale delivery."""
        raise NotImplementedError

    def dead_letters(self) -> list[Job]:
        """Jobs that ran out of attempts, oldest first, with their payload and attempts."""
        raise NotImplementedError
