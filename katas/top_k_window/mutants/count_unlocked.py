"""Mutant: count() expires old requests without the lock that record() and top() hold.

category: concurrency
Its expiry edits the counts and the heaps while another thread is in the middle of a record.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {
        (
            "        with self._lock:\n"
            "            self._advance(now)\n"
            "            return self._counts.get(endpoint, 0)\n"
        ): "        self._advance(now)\n        return self._counts.get(endpoint, 0)\n",
    },
)
