"""Mutant: a repeated transaction id is ignored for the header row, but its entries are added again.

category: example
A client retry after a timeout moves the money twice.
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
            self._conn.execute(
                "INSERT OR IGNORE INTO transactions (id, description) VALUES (?, ?)",
                (transaction_id, description),
            )
            for account, amount in legs:
                self._conn.execute(
                    "INSERT INTO entries (transaction_id, account_id, amount) VALUES (?, ?, ?)",
                    (transaction_id, account, amount),
                )
                self._conn.execute(
                    "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, account)
                )
        return True
