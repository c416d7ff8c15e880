"""Mutant: the cursor holds only created_at, and the next page is `created_at < ?`.

category: edge
Items sharing the last item's created_at are skipped.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        "WHERE (created_at, id) < (?, ?)": "WHERE created_at < ?",
        "(created_at, last_id, limit + 1)": "(created_at, limit + 1)",
    },
)
