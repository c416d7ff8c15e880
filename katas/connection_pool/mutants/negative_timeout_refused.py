"""Mutant: a negative timeout raises ValueError (as queue.Queue.get does) instead of counting as 0.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "connection_pool",
    {
        "        deadline = None if timeout is None else time.monotonic() + timeout\n": (
            "        if timeout is not None and timeout < 0:\n"
            "            raise ValueError(\"'timeout' must be a non-negative number\")\n"
            "        deadline = None if timeout is None else time.monotonic() + timeout\n"
        ),
    },
)
