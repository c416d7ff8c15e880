"""Mutant: after the clock steps back, retry_after forgets the time until the clock catches up.

category: clock
The caller is told to come back before any token can have been minted, and is rejected again.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {"return max(0.0, self._last - now) + missing / self.rate": "return missing / self.rate"},
)
