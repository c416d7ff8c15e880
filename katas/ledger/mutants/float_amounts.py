"""Mutant: amounts may be floats; only the sum is checked (with a tolerance).

category: edge
0.1 + 0.2 != 0.3: balances drift by fractions of a cent that no one can account for.
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


def _loose_legs(entries: Mapping[str, int] | Iterable[tuple[str, int]]) -> reference.Legs:
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    legs = [(str(account), amount) for account, amount in pairs]
    if any(amount == 0 for _, amount in legs):
        raise ValueError("zero entry")
    if len(legs) < 2 or abs(sum(amount for _, amount in legs)) > 1e-9:
        raise UnbalancedTransaction(legs)
    return legs


class Ledger(reference.Ledger):
    def post(
        self,
        transaction_id: str,
        entries: Mapping[str, int] | Iterable[tuple[str, int]],
        description: str = "",
    ) -> bool:
        legs = _loose_legs(entries)
        with self._write():
            if self._already_posted(transaction_id, legs):
                return False
            self._insert(transaction_id, legs, description, reverses=None)
        return True
