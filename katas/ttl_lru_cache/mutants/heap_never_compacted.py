"""Mutant: stale heap items (from updates and evictions) are never dropped, so the expiry heap
grows with every put instead of staying O(capacity).

category: perf
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {"        if len(self._expiry) > 2 * len(self._map) + 16:": "        if False:"},
)
