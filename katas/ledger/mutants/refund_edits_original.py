"""Mutant: a refund edits the original entries (sets them to zero) instead of reversing them.

category: edge
The balances come out right, but the history is gone: nobody can audit what was charged.
"""

from __future__ import annotations

from reference import ledger as reference
from reference.ledger import (
    SCHEMA,
    AlreadyReversed,
    Discrepancy,
    InsufficientFunds,
    TransactionConflict,
    UnbalancedTransaction,
)

__all__ = [
    "SCHEMA",
    "AlreadyReversed",
    "Discrepancy",
    "InsufficientFunds",
    "Ledger",
    "TransactionConflict",
    "UnbalancedTransaction",
]


class Ledger(reference.Ledger):
    def refund(self, refund_id: str, original_id: str) -> bool:
        with self._write():
            if self._conn.execute(
                "SELECT 1 FROM transactions WHERE id = ?", (refund_id,)
            ).fetchone():
                return False
            original = self.entries(original_id)
            if not original:
                raise KeyError(original_id)
            if self._conn.execute(
                "SELECT 1 FROM transactions WHERE reverses = ?", (original_id,)
            ).fetchone():
                raise AlreadyReversed(original_id)
            for account, amount in original:
                row = self._conn.execute(
                    "SELECT balance, allow_negative FROM accounts WHERE id = ?", (account,)
                ).fetchone()
                if not row[1] and row[0] - amount < 0:
                    raise InsufficientFunds(account)
            self._conn.execute(
                "INSERT INTO transactions (id, reverses) VALUES (?, ?)", (refund_id, original_id)
            )
            for account, amount in original:
                self._conn.execute(
                    "UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, account)
                )
            self._conn.execute(
                "UPDATE entries SET amount = 0 WHERE transaction_id = ?", (original_id,)
            )
        return True
