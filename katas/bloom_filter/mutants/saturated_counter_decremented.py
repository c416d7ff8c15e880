"""Mutant: add() stops a counter at its maximum, but remove() still decrements a saturated one.

category: edge
A saturated counter no longer knows its true count; counting it down reaches zero while items
that share the slot are still in the filter.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "bloom_filter",
    {
        (
            "            # A saturated counter no longer knows its true count:"
            " never decrement it.\n"
            "            if self._counts[slot] < self.MAX_COUNT:\n"
            "                self._counts[slot] -= 1\n"
        ): "            self._counts[slot] -= 1\n",
    },
)
