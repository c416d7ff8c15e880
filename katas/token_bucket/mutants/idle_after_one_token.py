"""Mutant: KeyedLimiter drops a bucket after the time one token takes, not a whole refill.

category: clock
A drained key comes back as a fresh, full bucket long before it has refilled.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "token_bucket", {"self._idle_after = capacity / rate": "self._idle_after = 1 / rate"}
)
