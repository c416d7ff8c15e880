"""Mutant: len() of a window counts every value ever added, not the ones still in the window.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "streaming_median",
    {"            return len(self._side)\n": "            return self._seq\n"},
)
