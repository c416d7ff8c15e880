"""Mutant: resume_all treats every key of the store as a saga, whatever its prefix.

category: failure
Other data in a shared store is taken for sagas, and new sagas are started under garbage ids.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {"            if not key.startswith(_PREFIX):\n                continue\n": ""},
)
