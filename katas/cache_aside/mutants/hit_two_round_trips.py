"""Mutant: a hit reads the entry and the version with two separate commands, two round trips to
Redis where one would do.

category: perf
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {
        "            cached, version = self._cache.mget(self._keys(key))\n": (
            "            cached = self._cache.get(self._keys(key)[0])\n"
            "            version = self._cache.get(self._keys(key)[1])\n"
        ),
    },
)
