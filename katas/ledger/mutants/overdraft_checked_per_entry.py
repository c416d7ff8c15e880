"""Mutant: the overdraft check looks at each entry alone, not at the account's net change.

category: edge
Two debits of one account in one transaction each fit the balance, together they overdraw it.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            "        for account, delta in deltas.items():\n            row = self._conn.execute(\n"
        ): ("        for account, delta in legs:\n            row = self._conn.execute(\n"),
    },
)
