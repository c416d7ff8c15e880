"""Mutant: get() returns None on a miss, whatever default the caller passed.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {"                return default\n": "                return None\n"},
)
