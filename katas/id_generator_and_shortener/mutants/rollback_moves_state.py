"""Mutant: a refused call still records the earlier millisecond.

When the clock catches up, the sequence of the last millisecond starts again from 0 and ids
repeat.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {
        "            if now < self._last_ms:\n": (
            "            if now < self._last_ms:\n                self._last_ms = now\n"
        ),
    },
)
