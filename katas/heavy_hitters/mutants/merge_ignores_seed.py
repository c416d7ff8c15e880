"""Mutant: merge checks width and depth but not the seed.

category: edge
Cells of sketches hashed with different seeds mean different items, yet they are added.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("(other.width, other.depth, other.seed) != (self.width, self.depth, self.seed)"): (
            "(other.width, other.depth) != (self.width, self.depth)"
        ),
    },
)
