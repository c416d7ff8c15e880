"""Mutant: a repeated transaction id is ignored for the header row, but its entries are added again.

category: example
A client retry after a timeout moves the money twice.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            "            if self._already_posted(transaction_id, legs):\n"
            "                return False\n"
        ): "",
        "INSERT INTO transactions": "INSERT OR IGNORE INTO transactions",
    },
)
