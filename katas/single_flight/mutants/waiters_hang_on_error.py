"""Mutant: the leader wakes the waiters only when fn succeeds; on an exception they wait forever.

category: failure
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "single_flight",
    {
        "            call.done.set()  # in `finally`: waiters on a failed call must wake too\n": (
            "            if call.error is None:\n                call.done.set()\n"
        ),
    },
)
