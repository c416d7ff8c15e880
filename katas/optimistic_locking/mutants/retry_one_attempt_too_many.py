"""Mutant: update_with_retry makes max_attempts + 1 attempts before giving up.

category: edge
An off-by-one in the retry loop: the cap the caller set is not the cap applied.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {"for _ in range(max_attempts):": "for _ in range(max_attempts + 1):"},
)
