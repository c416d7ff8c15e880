"""Mutant: resume_all returns every saga in the store, finished ones included.

category: failure
Recovery reports sagas it had nothing to do with, so callers cannot tell what it resumed.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        (
            "            if self.status(saga_id) in (COMPLETED, COMPENSATED):\n"
            "                continue\n"
        ): ""
    },
)
