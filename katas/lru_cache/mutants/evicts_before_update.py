"""Mutant: put() evicts whenever the cache is full, before looking the key up, so an update of a
key already held drops another entry.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        "            node = self._map.get(key)\n            if node is not None:\n": (
            "            if len(self._map) >= self.capacity:\n"
            "                self._evict()\n"
            "            node = self._map.get(key)\n"
            "            if node is not None:\n"
        ),
        "            if len(self._map) > self.capacity:\n                self._evict()\n": "",
    },
)
