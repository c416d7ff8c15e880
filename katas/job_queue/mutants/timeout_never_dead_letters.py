"""Mutant: a delivery that times out always goes back to ready, however many attempts it had.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "job_queue", {"tonumber(redis.call('HGET', attempts, id)) >= max_attempts": "false"}
)
