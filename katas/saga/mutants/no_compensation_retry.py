"""Mutant: a compensation is tried once; on failure the saga gives up.

category: failure
A refund that hits one network blip is never made.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "self.compensation_attempts = compensation_attempts": "self.compensation_attempts = 1",
    },
)
