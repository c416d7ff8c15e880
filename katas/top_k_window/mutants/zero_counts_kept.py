"""Mutant: an endpoint whose requests all expired stays counted at 0 in the heaps.

category: clock
top() lists endpoints with no request in the window, and memory follows every endpoint ever seen.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {"            if self._counts[endpoint] == 0:\n": "            if False:\n"},
)
