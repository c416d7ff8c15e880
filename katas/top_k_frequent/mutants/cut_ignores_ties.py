"""Mutant: only a strictly larger count enters a full heap, so ties at the cut keep the first seen.

category: property
An address tied with the weakest one kept but smaller than it never makes the cut.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_frequent",
    {"        elif count >= heap[0].count:": "        elif count > heap[0].count:"},
)
