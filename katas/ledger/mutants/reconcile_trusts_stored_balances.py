"""Mutant: reconciliation only compares the statement with the stored balances.

category: edge
Entries written behind the ledger's back, or a balance edited by hand, go unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping

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
    def reconcile(self, statement: Mapping[str, int] | None = None) -> list[Discrepancy]:
        found = []
        for account, amount in (statement or {}).items():
            ours = self.balance(account)
            if ours != amount:
                found.append(Discrepancy("statement_mismatch", account, amount, ours))
        return sorted(found)
