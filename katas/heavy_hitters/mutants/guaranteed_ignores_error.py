"""Mutant: guaranteed() returns the counter without subtracting the inherited count.

category: property
An item that inherited a count gets a 'lower bound' above its true count.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("            return self._counts.get(item, 0) - self._errors.get(item, 0)\n"): (
            "            return self._counts.get(item, 0)\n"
        ),
    },
)
