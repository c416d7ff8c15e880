"""Mutant: merge adds the cells but not the other sketch's total.

category: property
total (and with it the eps * total bound) is too small after a merge.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("            self.total += other.total\n"): (""),
    },
)
