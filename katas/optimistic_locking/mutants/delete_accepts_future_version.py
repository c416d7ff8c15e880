"""Mutant: delete() matches any stored version up to the expected one, not exactly it.

category: edge
A delete that names a version the record never had still removes it.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        "DELETE FROM records WHERE key = ? AND version = ?": (
            "DELETE FROM records WHERE key = ? AND version <= ?"
        )
    },
)
