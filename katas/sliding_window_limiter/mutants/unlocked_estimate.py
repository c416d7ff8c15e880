"""Mutant: estimate() rolls and reads the counter without the lock.

category: concurrency
A read racing an acquire's roll into a new window rolls twice and loses the previous count.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {
        "        with self._lock:\n            return self._estimate(self._clock())": (
            "        return self._estimate(self._clock())"
        )
    },
)
