"""Mutant: a wait that would end exactly at the deadline is refused.

category: clock
The budget is `deadline` seconds: a retry that ends right on it is within it.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "retry_backoff",
    {"start + delay > self.deadline:": "start + delay >= self.deadline:"},
)
