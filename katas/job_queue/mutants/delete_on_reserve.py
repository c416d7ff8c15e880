"""Mutant: reserve takes the job off the queue for good; ack has nothing left to do.

category: failure
A worker that dies before finishing loses the job: nothing ever redelivers it.
"""

from __future__ import annotations

from reference import job_queue as reference
from reference.job_queue import Job

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def reserve(self) -> Job | None:
        job = super().reserve()
        if job is not None:
            self.client.zrem(self._keys["inflight"], job.id)
        return job

    def ack(self, job: Job) -> bool:
        return True
