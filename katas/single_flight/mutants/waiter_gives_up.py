"""Mutant: a waiter waits a fixed time for the shared call and then returns whatever is there
(None), even though the call is still running.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "single_flight",
    {"            call.done.wait()\n": "            call.done.wait(0.2)\n"},
)
