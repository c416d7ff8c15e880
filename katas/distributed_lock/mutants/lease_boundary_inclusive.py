"""Mutant: is_leader still holds at the instant lease_ms has passed.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "distributed_lock",
    {"self._clock() < self._deadline": "self._clock() <= self._deadline"},
)
