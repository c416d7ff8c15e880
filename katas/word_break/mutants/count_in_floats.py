"""Mutant: the counting table holds floats, converted to int at the end.

category: edge
Past 2**53 the sums round: a huge count comes back close but not exact.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "word_break",
    {
        "    ways = [0] * (len(s) + 1)\n    ways[0] = 1\n": (
            "    ways = [0.0] * (len(s) + 1)\n    ways[0] = 1.0\n"
        ),
        "    return ways[len(s)]\n": "    return int(ways[len(s)])\n",
    },
)
