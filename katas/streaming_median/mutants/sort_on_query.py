"""Mutant: add appends, and median() sorts a copy of everything each time it is asked.

category: perf
Correct answers, but a query costs O(n log n) instead of O(1).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {
        (
            "        with self._lock:  # the push and the rebalance are one step for"
            " other threads\n"
        ): "        with self._lock:\n            self._low.append(value)\n            return\n",
        (
            "            if len(self._low) > len(self._high):\n"
            "                return -self._low[0]\n"
            "            return (-self._low[0] + self._high[0]) / 2\n"
        ): (
            "            values = sorted(self._low)\n"
            "            n = len(values)\n"
            "            if n % 2:\n"
            "                return values[n // 2]\n"
            "            return (values[n // 2 - 1] + values[n // 2]) / 2\n"
        ),
    },
)
