"""Mutant: CircuitOpenError.retry_after is always the full reset_timeout.

category: example
It should be the time left until trials start, shrinking as the open period goes by.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {
        "CircuitOpenError(self._opened_at + self.reset_timeout - now)": (
            "CircuitOpenError(self.reset_timeout)"
        )
    },
)
