"""Mutant: k is round((m / n) ln 2) without the floor of one hash.

category: edge
At a loose target k rounds to 0: no position is set or checked, and everything looks present.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "bloom_filter",
    {
        "    num_hashes = max(1, round(num_bits / expected_items * math.log(2)))\n": (
            "    num_hashes = round(num_bits / expected_items * math.log(2))\n"
        ),
    },
)
