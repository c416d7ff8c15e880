"""Mutant: the window's add() holds the lock but median() prunes and reads the tops without it.

category: concurrency
A reader can run between an add's push and its rebalance, or prune entries an add is moving.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {
        (
            "        with self._lock:\n"
            "            if not self._side:\n"
            '                raise ValueError("median of an empty window")\n'
            "            self._prune(self._low)\n"
            "            self._prune(self._high)\n"
            "            if self._live[LOW] > self._live[HIGH]:\n"
            "                return -self._low[0][0]\n"
            "            return (-self._low[0][0] + self._high[0][0]) / 2\n"
        ): (
            "        if not self._side:\n"
            '            raise ValueError("median of an empty window")\n'
            "        self._prune(self._low)\n"
            "        self._prune(self._high)\n"
            "        if self._live[LOW] > self._live[HIGH]:\n"
            "            return -self._low[0][0]\n"
            "        return (-self._low[0][0] + self._high[0][0]) / 2\n"
        ),
    },
)
