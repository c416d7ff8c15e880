"""Mutant: KeyedLimiter ages buckets by the raw clock, so a step back makes a bucket look idle.

category: clock
A key used while the clock was stepped back is dropped early and returns as a full bucket.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {"self._latest = now = max(self._latest, self._clock())": "now = self._clock()"},
)
