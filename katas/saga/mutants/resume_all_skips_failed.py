"""Mutant: resume_all picks up running and compensating sagas, but not failed ones.

category: failure
A saga stuck on a failing compensation is never retried by recovery: it stays half undone.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "if self.status(saga_id) in (COMPLETED, COMPENSATED):": (
            "if self.status(saga_id) not in (RUNNING, COMPENSATING):"
        )
    },
)
