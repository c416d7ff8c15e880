"""Mutant: heavy_hitters() compares with total / k in floating point.

category: edge
The division rounds once counts pass 2**53, so an item exactly at its share is reported.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("c * self.k > self.total"): ("c > self.total / self.k"),
    },
)
