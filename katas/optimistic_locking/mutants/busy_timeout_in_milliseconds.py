"""Mutant: the timeout in seconds is handed to the connection as if it were milliseconds.

category: concurrency
A writer gives up after 5 ms instead of 5 s, so ordinary contention fails with "database is locked".
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        "path, timeout=timeout, isolation_level=None": (
            "path, timeout=timeout / 1000, isolation_level=None"
        )
    },
)
