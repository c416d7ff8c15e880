"""Mutant: maintain() evicts only connections idle for more than idle_timeout (`>` for `>=`).

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "connection_pool",
    {"now - self._idle[0][1] >= self.idle_timeout": "now - self._idle[0][1] > self.idle_timeout"},
)
