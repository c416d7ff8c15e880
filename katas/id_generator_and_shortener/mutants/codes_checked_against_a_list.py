"""Mutant: a generated code is checked against a list of every code taken, not the dict.

Each shorten copies and scans all links: O(n) per call, O(n^2) to build the table.

category: perf
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {
        "            if code not in self._links:\n": (
            "            if code not in list(self._links):\n"
        ),
    },
)
