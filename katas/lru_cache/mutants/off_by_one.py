"""Mutant: capacity checked before inserting, so the cache holds one entry more than its capacity.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        (
            "            self._push_front(node)\n"
            "            if len(self._map) > self.capacity:\n"
            "                self._evict()\n"
        ): "            self._push_front(node)\n",
        "            node = _Node(key, value)\n": (
            "            if len(self._map) > self.capacity:\n"
            "                self._evict()\n"
            "            node = _Node(key, value)\n"
        ),
    },
)
