"""Mutant: len() counts live entries by scanning every entry, so it costs O(n), not O(1).

category: perf
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {
        "            return len(self._map)\n": (
            "            now = self._clock()\n"
            "            return sum(n.expires_at > now for n in self._map.values())\n"
        ),
    },
)
