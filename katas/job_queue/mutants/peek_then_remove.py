"""Mutant: reserve peeks at the oldest job (LINDEX), then removes it (LREM) as a second step.

category: concurrency
Workers racing for the same head of the queue all get the same job.
"""

from __future__ import annotations

import secrets

from reference import job_queue as reference
from reference.job_queue import Job, _text

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def reserve(self) -> Job | None:
        k, r, now = self._keys, self.client, self._now_ms()
        job_id = r.lindex(k["ready"], -1)
        if job_id is None:
            return None
        r.lrem(k["ready"], 1, job_id)
        receipt = secrets.token_hex(8)
        r.zadd(k["inflight"], {job_id: now + round(self.visibility_timeout * 1000)})
        r.hset(k["receipts"], job_id, receipt)
        attempts = r.hincrby(k["attempts"], job_id, 1)
        return Job(_text(job_id), _text(r.hget(k["jobs"], job_id)), attempts, receipt)
