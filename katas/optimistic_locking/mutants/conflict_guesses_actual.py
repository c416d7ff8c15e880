"""Mutant: a conflicting update reports the stored version as one past the expected one.

category: edge
The caller is told the wrong version when the record moved on by more than one write.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        ("        raise VersionConflict(key, expected_version, actual)\n\n    def delete"): (
            "        raise VersionConflict(key, expected_version, expected_version + 1)\n"
            "\n    def delete"
        )
    },
)
