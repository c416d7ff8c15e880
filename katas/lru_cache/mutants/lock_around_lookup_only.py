"""Mutant: put() holds the lock for the lookup but updates the map and the list after releasing it.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        "            node = self._map.get(key)\n            if node is not None:\n": (
            "            node = self._map.get(key)\n"
            "        if True:\n"
            "            if node is not None:\n"
        ),
    },
)
