"""Mutant: term keeps the fencing token after the local lease ran out.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "distributed_lock",
    {
        "return self._lock.fencing_token if self.is_leader() else None": (
            "return self._lock.fencing_token"
        ),
    },
)
