"""Mutant: the webhook timestamp is signed but never compared with the clock.

category: clock
A captured webhook can be replayed forever.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "abs(now - timestamp) > tolerance": 'abs(now - timestamp) > float("inf")',
    },
)
