"""Mutant: on a conflict update_with_retry re-reads the version but keeps the value it computed.

category: concurrency
The retry succeeds with the new version and a value built from the old one: a lost update.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        "        conflict: VersionConflict | None = None\n": (
            "        value = change(self.get(key).value)\n"
            "        conflict: VersionConflict | None = None\n"
        ),
        "change(record.value)": "value",
    },
)
