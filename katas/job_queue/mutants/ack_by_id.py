"""Mutant: ack and nack name the job by id only; the delivery's receipt is not checked.

category: clock
A worker whose job timed out and went to another worker acks it late and removes the other's job.
"""

from __future__ import annotations

from reference import job_queue as reference
from reference.job_queue import Job

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def _current(self, job: Job) -> Job:
        receipt = self.client.hget(self._keys["receipts"], job.id)
        return Job(job.id, job.payload, job.attempts, receipt.decode() if receipt else "")

    def ack(self, job: Job) -> bool:
        return super().ack(self._current(job))

    def nack(self, job: Job) -> bool:
        return super().nack(self._current(job))
