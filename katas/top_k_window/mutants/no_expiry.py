"""Mutant: requests never leave the window.

category: clock
Counts only grow: the top is the all-time top, not the last five minutes'.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {
        "        horizon = now - self.window\n": '        horizon = float("-inf")\n',
    },
)
