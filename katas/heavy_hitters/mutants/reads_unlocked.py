"""Mutant: add() holds the lock but estimate() and heavy_hitters() read the counters without it.

category: concurrency
A read that walks the counters while an add evicts one sees the dict change under it.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        (
            "        with self._lock:\n"
            "            if item in self._counts:\n"
            "                return self._counts[item]\n"
        ): (
            "        if True:\n"
            "            if item in self._counts:\n"
            "                return self._counts[item]\n"
        ),
        (
            "        with self._lock:\n"
            "            found = [(i, c) for i, c in self._counts.items()"
            " if c * self.k > self.total]\n"
        ): (
            "        if True:\n"
            "            found = [(i, c) for i, c in self._counts.items()"
            " if c * self.k > self.total]\n"
        ),
    },
)
