"""Mutant: put() on an existing key updates the value but leaves its place in the order.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        "                self._touch(node)  # an update is a use too\n": "",
    },
)
