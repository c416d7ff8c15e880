"""Mutant: no dead-letter queue: a failing job is retried forever.

category: example
A poison job keeps coming back and is never set aside for a human to inspect.
"""

from __future__ import annotations

from reference import job_queue as reference
from reference.job_queue import Job

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def reserve(self) -> Job | None:
        self.max_attempts = 1 << 30
        return super().reserve()

    def nack(self, job: Job) -> bool:
        self.max_attempts = 1 << 30
        return super().nack(job)
