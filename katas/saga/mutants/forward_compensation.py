"""Mutant: compensations run in the order the steps ran, oldest first.

category: example
The card is refunded after the stock it paid for has been released, and so on down the chain.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        (
            '        while state["done"] > 0:\n            step = self.steps[state["done"] - 1]\n'
        ): '        for step in self.steps[: state["done"]]:\n',
    },
)
