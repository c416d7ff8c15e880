"""Mutant: the circuit opens only when the failure share is above failure_rate, not at it.

category: edge
With failure_rate 0.5, five failures out of ten leave the circuit closed.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {"self._failures / calls >= self.failure_rate": "self._failures / calls > self.failure_rate"},
)
