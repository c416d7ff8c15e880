"""Mutant: the window rebuilds its heaps whenever any stale entry exists, on almost every add.

category: perf
Memory stays bounded, but each add pays O(size) for the rebuild instead of O(log size) amortised.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {
        "            if len(self._low) + len(self._high) > 2 * self.size:\n": (
            "            if len(self._low) + len(self._high) > self.size:\n"
        )
    },
)
