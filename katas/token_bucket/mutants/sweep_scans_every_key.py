"""Mutant: KeyedLimiter looks at every bucket on every call to find the idle ones.

category: perf
Each call costs O(keys held) instead of O(1) amortised.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {
        "        while self._buckets:\n"
        "            oldest, (_, used) = next(iter(self._buckets.items()))\n"
        "            if now - used < self._idle_after:\n"
        "                break\n"
        "            del self._buckets[oldest]\n": (
            "        for held, (_, used) in list(self._buckets.items()):\n"
            "            if now - used >= self._idle_after:\n"
            "                del self._buckets[held]\n"
        ),
    },
)
