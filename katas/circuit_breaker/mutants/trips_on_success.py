"""Mutant: the trip condition is checked after every result, successes included.

category: property
Once old successes leave the window, a new success can trip the circuit: only failures should.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {"if failed and calls >= self.min_calls": "if calls >= self.min_calls"},
)
