"""Mutant: heavy_hitters() also lists items whose estimate equals total/k.

category: edge
It compares with >= where the statement says above.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("c * self.k > self.total"): ("c * self.k >= self.total"),
    },
)
