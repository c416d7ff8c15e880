"""Mutant: SpaceSaving.add checks count < 0, so a count of 0 is accepted and takes a counter.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        (
            "        if count < 1:\n"
            '            raise ValueError(f"count must be at least 1, got {count}")\n'
            "        with self._lock:\n"
            "            self.total += count\n"
            "            if item in self._counts:"
        ): (
            "        if count < 0:\n"
            '            raise ValueError(f"count must be at least 1, got {count}")\n'
            "        with self._lock:\n"
            "            self.total += count\n"
            "            if item in self._counts:"
        )
    },
)
