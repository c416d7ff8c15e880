"""Mutant: run() has no per-saga lock.

category: concurrency
Two callers driving the same saga both read its state and both run every step.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "lock = self._running.setdefault(saga_id, threading.Lock())": "lock = threading.Lock()",
    },
)
