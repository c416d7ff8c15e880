"""Mutant: place_order checks only that the amount is positive, not that it is an int.

category: edge
A float amount (12.5) or True is stored as an order in minor units.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:": (
            "if amount <= 0:"
        )
    },
)
