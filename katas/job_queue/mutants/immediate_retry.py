"""Mutant: a nacked job goes straight back to the ready list, with no backoff.

category: clock
A job failing on a broken dependency is retried in a tight loop.
"""

from __future__ import annotations

from reference import job_queue as reference
from reference.job_queue import Job

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def nack(self, job: Job) -> bool:
        keys = self._k("inflight", "receipts", "delayed", "attempts", "dead")
        args = [job.id, job.receipt, self._now_ms(), self.max_attempts]
        return bool(self._nack(keys=keys, args=args))
