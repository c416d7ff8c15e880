"""Mutant: the sequence keeps counting across milliseconds instead of restarting at 0.

category: clock
It runs out after 4096 ids in total, not 4096 per millisecond.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {
        "self._sequence = 0  # a new millisecond starts its sequence again": (
            "self._sequence = (self._sequence + 1) & MAX_SEQUENCE"
        ),
    },
)
