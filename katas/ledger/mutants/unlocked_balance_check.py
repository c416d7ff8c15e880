"""Mutant: balances are read before the write transaction, and written back as absolute values.

category: concurrency
Two processes both see enough money and both spend it, and one overwrites the other's update.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            "        with self._write():\n"
            "            if self._already_posted(transaction_id, legs):\n"
            "                return False\n"
            "            self._insert(transaction_id, legs, description, reverses=None)\n"
        ): (
            "        if self._already_posted(transaction_id, legs):\n"
            "            return False\n"
            "        self._insert(transaction_id, legs, description, reverses=None)\n"
        ),
        "        deltas: dict[str, int] = {}\n": (
            "        deltas: dict[str, int] = {}\n        seen: dict[str, int] = {}\n"
        ),
        "            if row is None:\n                raise KeyError(account)\n": (
            "            if row is None:\n"
            "                raise KeyError(account)\n"
            "            seen[account] = row[0]\n"
        ),
        '"UPDATE accounts SET balance = balance + ? WHERE id = ?", (delta, account)': (
            '"UPDATE accounts SET balance = ? WHERE id = ?", (seen[account] + delta, account)'
        ),
    },
)
