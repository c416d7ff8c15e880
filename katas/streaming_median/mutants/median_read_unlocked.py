"""Mutant: add() holds the lock but median() reads the two tops without it.

category: concurrency
A reader can see an add between its push and its rebalance and report a value that was never
the median.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {
        (
            "    def median(self) -> float:\n"
            "        with self._lock:\n"
            "            if not self._low:\n"
            '                raise ValueError("median of an empty stream")\n'
            "            if len(self._low) > len(self._high):\n"
            "                return -self._low[0]\n"
            "            return (-self._low[0] + self._high[0]) / 2\n"
        ): (
            "    def median(self) -> float:\n"
            "        if not self._low:\n"
            '            raise ValueError("median of an empty stream")\n'
            "        if len(self._low) > len(self._high):\n"
            "            return -self._low[0]\n"
            "        return (-self._low[0] + self._high[0]) / 2\n"
        ),
    },
)
