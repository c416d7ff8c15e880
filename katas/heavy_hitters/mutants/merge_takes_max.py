"""Mutant: merge keeps the larger of two cells instead of their sum.

category: property
As if the servers had seen the same requests: an item seen on both is undercounted.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("                    mine[cell] += value\n"): (
            "                    mine[cell] = max(mine[cell], value)\n"
        ),
    },
)
