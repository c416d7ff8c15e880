"""Mutant: each entry of a transaction is committed on its own.

category: failure
A failure after the debit and before the credit makes money vanish.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    def post(
        self,
        transaction_id: str,
        entries: Mapping[str, int] | Iterable[tuple[str, int]],
        description: str = "",
    ) -> bool:
        legs = reference._legs(entries)
        with self._write():
            if self._already_posted(transaction_id, legs):
                return False
            for account, _ in legs:
                if (
                    self._conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account,)).fetchone()
                    is None
                ):
                    raise KeyError(account)
            self._conn.execute(
                "INSERT INTO transactions (id, description) VALUES (?, ?)",
                (transaction_id, description),
            )
        for account, amount in legs:
            with self._write():
                row = self._conn.execute(
                    "SELECT balance, allow_negative FROM accounts WHERE id = ?", (account,)
                ).fetchone()
                if not row[1] and row[0] + amount < 0:
                    raise InsufficientFunds(account)
                self._conn.execute(
                    "INSERT INTO entries (transaction_id, account_id, amount) VALUES (?, ?, ?)",
                    (transaction_id, account, amount),
                )
                self._conn.execute(
                    "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, account)
                )
        return True
