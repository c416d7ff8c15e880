"""Mutant: reconciliation only compares the statement with the stored balances.

category: edge
Entries written behind the ledger's back, or a balance edited by hand, go unnoticed.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            '            found.append(Discrepancy("unbalanced_transaction", txn, 0, int(total)))\n'
        ): "            pass\n",
        (
            "            if stored != total:\n"
            '                found.append(Discrepancy("balance_mismatch", account,'
            " int(total), int(stored)))\n"
        ): "",
        "ours = sums.get(account, 0)": "ours = self.balance(account)",
    },
)
