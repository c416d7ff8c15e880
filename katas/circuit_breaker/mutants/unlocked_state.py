"""Mutant: the `state` property reads (and moves to half-open) without the lock.

category: concurrency
A read moving the circuit to half-open as a trial is admitted resets the trial count: two trials.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {
        "        with self._lock:\n            return self._current(self._clock())": (
            "        return self._current(self._clock())"
        )
    },
)
