"""Mutant: remove() decrements slot by slot and raises KeyError at the first zero it meets.

category: edge
The slots decremented before the zero stay decremented: the refused remove changed the filter,
and other items can go missing.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "bloom_filter",
    {
        (
            "        slots = self._slots(item)\n"
            "        if not all(self._counts[slot] for slot in slots):\n"
            "            # Decrementing here would take counts away from other items:"
            " false negatives later.\n"
            "            raise KeyError(item)\n"
            "        for slot in slots:\n"
        ): (
            "        slots = self._slots(item)\n"
            "        for slot in sorted(slots):\n"
            "            if not self._counts[slot]:\n"
            "                raise KeyError(item)\n"
        ),
    },
)
