"""Mutant: the tie-breaker is applied to both columns: `created_at <= ? AND id < ?`.

category: property
Older items with a larger id than the last one shown are skipped.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        "WHERE (created_at, id) < (?, ?)": "WHERE created_at <= ? AND id < ?",
    },
)
