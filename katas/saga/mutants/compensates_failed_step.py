"""Mutant: the step whose action failed is compensated too, as if it had completed.

category: example
It refunds a charge that never happened.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "                self._save(saga_id, state)\n                return\n": (
            "                self._save(saga_id, state)\n"
            '                state["done"] += 1\n'
            "                return\n"
        ),
    },
)
