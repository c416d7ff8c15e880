"""Mutant: the deadline is checked before looking for a connection, so acquire(timeout=0) raises
PoolTimeout even when an idle connection or a free slot is there.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "connection_pool",
    {
        "        while True:\n            if self._idle:\n": (
            "        while True:\n"
            "            if deadline is not None and deadline - time.monotonic() <= 0:\n"
            "                raise PoolTimeout('deadline passed')\n"
            "            if self._idle:\n"
        ),
    },
)
