"""Mutant: reserve moves the job with separate commands (RPOP, then ZADD to in-flight, ...).

category: failure
A worker that dies between the pop and the in-flight record loses the job for good.
"""

from __future__ import annotations

from reference import job_queue as reference
from reference.job_queue import Job, _text

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def reserve(self) -> Job | None:
        k, r, now = self._keys, self.client, self._now_ms()
        for job_id in r.zrangebyscore(k["inflight"], "-inf", now):
            r.zrem(k["inflight"], job_id)
            done = int(r.hget(k["attempts"], job_id) or 0) >= self.max_attempts
            r.lpush(k["dead"] if done else k["ready"], job_id)
        for job_id in r.zrangebyscore(k["delayed"], "-inf", now):
            r.zrem(k["delayed"], job_id)
            r.lpush(k["ready"], job_id)
        job_id = r.rpop(k["ready"])
        if job_id is None:
            return None
        receipt = f"{now}-{id(self)}"
        r.zadd(k["inflight"], {job_id: now + round(self.visibility_timeout * 1000)})
        r.hset(k["receipts"], job_id, receipt)
        attempts = r.hincrby(k["attempts"], job_id, 1)
        return Job(_text(job_id), _text(r.hget(k["jobs"], job_id)), attempts, receipt)
