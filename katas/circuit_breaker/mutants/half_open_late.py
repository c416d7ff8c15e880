"""Mutant: the circuit becomes half-open only after more than `reset_timeout` seconds.

category: clock
At exactly reset_timeout after the trip a trial should be let in; it is refused.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {"now - self._opened_at >= self.reset_timeout": "now - self._opened_at > self.reset_timeout"},
)
