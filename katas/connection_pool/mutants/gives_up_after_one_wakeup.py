"""Mutant: a waiter waits once, without a predicate loop; woken for a connection that another
caller took first, it raises PoolTimeout long before its timeout.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "connection_pool",
    {
        "            self._cond.wait(remaining)\n": (
            "            self._cond.wait(remaining)\n"
            "            if not self._idle and self._size >= self.max_size:\n"
            "                raise PoolTimeout('woken, but nothing was free')\n"
        ),
    },
)
