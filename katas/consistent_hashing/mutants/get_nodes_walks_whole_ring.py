"""Mutant: get_nodes walks every point of the ring before it stops, instead of n distinct nodes.

category: perf
Each replica lookup costs O(N * V) instead of a few steps past the binary search.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "consistent_hashing",
    {
        "                if len(chosen) == wanted:\n                    break\n": (
            "                if len(chosen) == wanted:\n                    pass\n"
        )
    },
)
