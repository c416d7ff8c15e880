"""Mutant: nack dead-letters only after more than max_attempts deliveries, one retry too many.

category: example
"""

from grading.testkit.mutation import mutate

mutate(globals(), "job_queue", {">= tonumber(ARGV[4])": "> tonumber(ARGV[4])"})
