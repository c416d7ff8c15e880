"""Mutant: when a top endpoint's count drops, nothing outside the heap is promoted.

category: edge
The heap keeps an endpoint that others now beat (the classic stale entry of a size-K heap).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {
        "update(endpoint)\n            self._rebalance()\n": "update(endpoint)\n",
        "                del self._counts[endpoint]\n            else:\n": (
            "                del self._counts[endpoint]\n"
            "                self._rebalance()\n"
            "            else:\n"
        ),
    },
)
