"""Mutant: after 4096 ids in one millisecond the sequence wraps to 0 without waiting.

category: clock
The 4097th id of a millisecond repeats the first.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {
        (
            "                if self._sequence == 0:\n"
            "                    # 4096 ids this millisecond already: wait for the next one.\n"
            "                    while now <= self._last_ms:\n"
            "                        now = self._clock()\n"
        ): "",
    },
)
