"""Mutant: the default clock is the monotonic clock in ms, not Unix time.

Ids then carry the time since boot, not since the epoch, and workers on different hosts disagree.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {
        "        self._clock = clock or wall_clock_ms\n        self._last_ms = -1": (
            "        self._clock = clock or (lambda: time.monotonic_ns() // 1_000_000)\n"
            "        self._last_ms = -1"
        ),
    },
)
