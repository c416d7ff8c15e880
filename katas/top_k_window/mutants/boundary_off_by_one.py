"""Mutant: a request exactly `window` seconds old still counts (< instead of <= at the edge).

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {
        "self._requests[0][0] <= horizon": "self._requests[0][0] < horizon",
    },
)
