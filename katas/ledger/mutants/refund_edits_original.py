"""Mutant: a refund edits the original entries (sets them to zero) instead of reversing them.

category: edge
The balances come out right, but the history is gone: nobody can audit what was charged.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            '            self._insert(refund_id, legs, f"refund of {original_id}",'
            " reverses=original_id)\n"
        ): (
            '            self._insert(refund_id, legs, f"refund of {original_id}",'
            " reverses=original_id)\n"
            '            self._conn.execute("DELETE FROM entries WHERE'
            ' transaction_id = ?", (refund_id,))\n'
            "            self._conn.execute(\n"
            '                "UPDATE entries SET amount = 0 WHERE transaction_id ='
            ' ?", (original_id,)\n'
            "            )\n"
        ),
    },
)
