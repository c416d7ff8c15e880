"""Mutant: balances are read before the write transaction, and written back as absolute values.

category: concurrency
Two processes both see enough money and both spend it, and one overwrites the other's update.
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
        deltas: dict[str, int] = {}
        for account, amount in legs:
            deltas[account] = deltas.get(account, 0) + amount
        seen: dict[str, int] = {}
        for account, delta in deltas.items():
            row = self._conn.execute(
                "SELECT balance, allow_negative FROM accounts WHERE id = ?", (account,)
            ).fetchone()
            if row is None:
                raise KeyError(account)
            if not row[1] and row[0] + delta < 0:
                raise InsufficientFunds(account)
            seen[account] = row[0]
        with self._write():
            if self._already_posted(transaction_id, legs):
                return False
            self._conn.execute(
                "INSERT INTO transactions (id, description) VALUES (?, ?)",
                (transaction_id, description),
            )
            self._conn.executemany(
                "INSERT INTO entries (transaction_id, account_id, amount) VALUES (?, ?, ?)",
                [(transaction_id, account, amount) for account, amount in legs],
            )
            for account, delta in deltas.items():
                self._conn.execute(
                    "UPDATE accounts SET balance = ? WHERE id = ?", (seen[account] + delta, account)
                )
        return True
