"""Mutant: len() reads the map without the lock, so mid-put it can report capacity + 1 entries.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        "        with self._lock:\n            return len(self._map)\n": (
            "        return len(self._map)\n"
        ),
    },
)
