"""Mutant: nack schedules the retry backoff(attempts) milliseconds ahead instead of seconds.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "job_queue",
    {"round(self.backoff(job.attempts) * 1000)": "round(self.backoff(job.attempts))"},
)
