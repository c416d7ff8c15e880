"""Mutant: the count-min cells are floats, not exact integers.

category: edge
Past 2**53 an added count can vanish and an estimate fall below the true count.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("        self._rows = [[0] * self.width for _ in range(self.depth)]"): (
            "        self._rows = [[0.0] * self.width for _ in range(self.depth)]"
        ),
    },
)
