"""Mutant: only put() takes the lock; get() relinks the list without it.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        "-> V | None:\n        with self._lock:": "-> V | None:\n        if True:",
    },
)
