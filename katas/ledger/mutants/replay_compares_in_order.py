"""Mutant: a replay is recognised only when its entries come in the same order as the original.

category: example
A client that rebuilds the same transaction from a dict in another order gets a conflict.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        "if sorted(self.entries(transaction_id)) != sorted(legs):": (
            "if self.entries(transaction_id) != legs:"
        )
    },
)
