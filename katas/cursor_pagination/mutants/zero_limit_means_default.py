"""Mutant: the limit defaults with `limit or default_limit`, so a limit of 0 means the default.

category: edge
limit=0 is below 1 and must be refused, but `or` turns it into a full default page.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        "        if limit is None:\n            limit = self.default_limit\n": (
            "        limit = limit or self.default_limit\n"
        )
    },
)
