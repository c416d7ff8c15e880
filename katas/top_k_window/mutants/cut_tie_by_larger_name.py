"""Mutant: on equal counts the heaps rank the larger name first, so a tie at the cut keeps it.

category: property
top() still sorts its answer by name, but the wrong endpoints make the cut.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {"(count_a == count_b and a < b)": "(count_a == count_b and a > b)"},
)
