"""Mutant: the count is reduced modulo 10**9 + 7, a habit from judged problems.

category: edge
The statement asks for the exact count, however large.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "word_break",
    {
        "                ways[end] += ways[start]\n": (
            "                ways[end] = (ways[end] + ways[start]) % (10**9 + 7)\n"
        ),
    },
)
