"""Mutant: a cursor exactly max_age seconds old counts as expired.

category: clock
Only a cursor issued MORE than max_age seconds ago is invalid: `>=` where `>` is due.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {"self._clock() - issued_at > self.max_age": "self._clock() - issued_at >= self.max_age"},
)
