"""Mutant: successful trials are not reset when the circuit changes state.

category: clock
A success from an earlier half-open period counts towards closing in the next one.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {"self._failures = self._trials = self._successes = 0": "self._failures = self._trials = 0"},
)
