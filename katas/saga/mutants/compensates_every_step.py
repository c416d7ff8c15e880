"""Mutant: on failure, every step in the saga is compensated, run or not.

category: example
It cancels a courier that was never booked and refunds a card never charged.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "                self._save(saga_id, state)\n                return\n": (
            "                self._save(saga_id, state)\n"
            '                state["done"] = len(self.steps)\n'
            "                return\n"
        ),
    },
)
