"""Mutant: one sorted list kept with bisect.insort.

category: perf
Correct answers, but every add shifts half the list: O(n) per add instead of O(log n).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {
        "import heapq\n": "import bisect\nimport heapq\n",
        (
            "        with self._lock:  # the push and the rebalance are one step for"
            " other threads\n"
        ): (
            "        with self._lock:\n"
            "            bisect.insort(self._low, value)\n"
            "            return\n"
        ),
        (
            "            if len(self._low) > len(self._high):\n"
            "                return -self._low[0]\n"
            "            return (-self._low[0] + self._high[0]) / 2\n"
        ): (
            "            n = len(self._low)\n"
            "            if n % 2:\n"
            "                return self._low[n // 2]\n"
            "            return (self._low[n // 2 - 1] + self._low[n // 2]) / 2\n"
        ),
    },
)
