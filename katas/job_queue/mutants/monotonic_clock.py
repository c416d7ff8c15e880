"""Mutant: deadlines are taken from time.monotonic by default.

category: clock
Monotonic clocks start from a different origin on every host, so a deadline written by one
worker means nothing to another; only the shared wall clock moves jobs back.
"""

from __future__ import annotations

import time
from typing import Any

from reference import job_queue as reference
from reference.job_queue import Job

__all__ = ["Job", "JobQueue"]


class JobQueue(reference.JobQueue):
    def __init__(self, *args: Any, clock: reference.Clock | None = None, **kwargs: Any) -> None:
        super().__init__(*args, clock=clock or time.monotonic, **kwargs)
