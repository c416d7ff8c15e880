"""Mutant: update_with_retry reads once and retries the same stale version.

category: edge
After one conflict every attempt conflicts again, so the retry can never succeed.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        "            record = self.get(key)\n": "",
        "        conflict: VersionConflict | None = None\n": (
            "        record = self.get(key)\n        conflict: VersionConflict | None = None\n"
        ),
    },
)
