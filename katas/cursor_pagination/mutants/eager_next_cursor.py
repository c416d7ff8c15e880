"""Mutant: a full page always gets a next cursor (no look-ahead row).

category: edge
When the items fill the last page exactly, the client is sent on to an empty page.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        "if len(rows) <= limit:": "if len(items) < limit:",
    },
)
