"""Mutant: each entry of a transaction is committed on its own.

category: failure
A failure after the debit and before the credit makes money vanish.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            "        self._conn.executemany(\n"
            '            "INSERT INTO entries (transaction_id, account_id, amount)'
            ' VALUES (?, ?, ?)",\n'
            "            [(transaction_id, account, amount) for account, amount in legs],\n"
            "        )\n"
            "        for account, delta in deltas.items():\n"
            "            self._conn.execute(\n"
            '                "UPDATE accounts SET balance = balance + ? WHERE id ='
            ' ?", (delta, account)\n'
            "            )\n"
        ): (
            "        for account, amount in legs:\n"
            '            self._conn.execute("COMMIT")\n'
            '            self._conn.execute("BEGIN IMMEDIATE")\n'
            "            self._conn.execute(\n"
            '                "INSERT INTO entries (transaction_id, account_id,'
            ' amount) VALUES (?, ?, ?)",\n'
            "                (transaction_id, account, amount),\n"
            "            )\n"
            "            self._conn.execute(\n"
            '                "UPDATE accounts SET balance = balance + ? WHERE id ='
            ' ?", (amount, account)\n'
            "            )\n"
        ),
    },
)
