"""Mutant: only put() and len() take the lock; get() purges and relinks without it.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {
        "-> V | None:\n        with self._lock:": "-> V | None:\n        if True:",
    },
)
