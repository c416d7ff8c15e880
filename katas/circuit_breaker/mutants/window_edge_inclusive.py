"""Mutant: a result exactly `window` seconds old still counts.

category: edge
The window is one instant too long: an old failure joins a new one to trip the circuit.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {"self._outcomes[0][0] <= now - self.window": "self._outcomes[0][0] < now - self.window"},
)
