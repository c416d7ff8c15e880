"""Mutant: release forgets the lock value but keeps the fencing token.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "distributed_lock",
    {
        "        self._token = self._fence = None\n        return bool(released)": (
            "        self._token = None\n        return bool(released)"
        ),
    },
)
