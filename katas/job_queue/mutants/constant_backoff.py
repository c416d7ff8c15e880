"""Mutant: every retry waits backoff_base; the wait never grows.

category: clock
A dependency that is down gets hammered at the same rate however long it stays down.
"""

from __future__ import annotations

from reference import job_queue as reference
from reference.job_queue import Job

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def backoff(self, attempts: int) -> float:
        return float(min(self.backoff_cap, self.backoff_base))
