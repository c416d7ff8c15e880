"""Mutant: without an injected clock the cache reads time.time, so an NTP step expires entries
early or keeps them late.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {"        self._clock = clock or time.monotonic": "        self._clock = clock or time.time"},
)
