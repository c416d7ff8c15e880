"""Mutant: "after the cursor" written as `created_at < ? OR (created_at = ? AND id < ?)`.

category: perf
The results are right, but SQLite scans the index from the top instead of seeking: deep pages
cost as much as walking to them.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        "WHERE (created_at, id) < (?, ?)": "WHERE created_at < ? OR (created_at = ? AND id < ?)",
        "(created_at, last_id, limit + 1)": "(created_at, created_at, last_id, limit + 1)",
    },
)
