"""Mutant: lazy deletion treats the oldest value still in the window as already gone (`<=`).

category: property
When the oldest live value reaches a top it is popped one add too early and the median drifts.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {
        "        while heap and heap[0][1] < first_live:\n": (
            "        while heap and heap[0][1] <= first_live:\n"
        )
    },
)
