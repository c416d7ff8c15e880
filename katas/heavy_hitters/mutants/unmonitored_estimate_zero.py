"""Mutant: an unmonitored item is estimated at 0 even when every counter is taken.

category: property
An evicted item then has an 'upper bound' below its true count.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("            return min(self._counts.values()) if len(self._counts) == self.k else 0\n"): (
            "            return 0\n"
        ),
    },
)
