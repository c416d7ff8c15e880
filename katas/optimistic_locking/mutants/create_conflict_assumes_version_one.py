"""Mutant: creating an existing key reports version 1 as the stored one, whatever it is.

category: edge
A record updated since its creation is reported at the wrong version.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        "raise VersionConflict(key, 0, self._version(key)) from None": (
            "raise VersionConflict(key, 0, 1) from None"
        )
    },
)
