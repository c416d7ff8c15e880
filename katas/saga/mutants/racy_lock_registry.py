"""Mutant: the per-saga lock registry is filled by check-then-insert, without a guard.

category: concurrency
Two callers that both find no lock each create one, each take their own, and both run the saga.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        (
            "        with self._guard:\n"
            "            lock = self._running.setdefault(saga_id, threading.Lock())\n"
        ): (
            "        lock = self._running.get(saga_id)\n"
            "        if lock is None:\n"
            "            lock = threading.Lock()\n"
            "            self._running[saga_id] = lock\n"
        )
    },
)
