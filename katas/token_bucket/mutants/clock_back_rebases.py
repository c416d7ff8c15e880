"""Mutant: a clock that steps back moves the last refill time back with it.

category: clock
When the clock comes forward again, the time already paid for is minted a second time.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {"* self.rate)\n            self._last = now": "* self.rate)\n        self._last = now"},
)
