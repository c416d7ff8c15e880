"""Mutant: resume_all lets CompensationFailed escape.

category: failure
One saga whose compensation keeps failing stops recovery of every saga after it.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "            except CompensationFailed:\n                results[saga_id] = FAILED": (
            "            except ValueError:\n                results[saga_id] = FAILED"
        )
    },
)
