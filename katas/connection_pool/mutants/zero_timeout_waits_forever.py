"""Mutant: the timeout is tested for truth, so acquire(timeout=0) waits forever like None.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "connection_pool",
    {
        "        deadline = None if timeout is None else time.monotonic() + timeout\n": (
            "        deadline = time.monotonic() + timeout if timeout else None\n"
        ),
    },
)
