"""Double-entry ledger on SQLite.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import os
import sqlite3  # noqa: F401 - one connection per Ledger, to a file shared by processes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The tables (given: the tests read them, and plant faults in them). Create them if missing.
SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id             TEXT    PRIMARY KEY,
    allow_negative INTEGER NOT NULL DEFAULT 0,
    balance        INTEGER NOT NULL DEFAULT 0   -- kept equal to the sum of the account's entries
);
CREATE TABLE IF NOT EXISTS transactions (
    id          TEXT PRIMARY KEY,
    reverses    TEXT UNIQUE REFERENCES transactions (id),  -- set on a refund
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS entries (
    id             INTEGER PRIMARY KEY,
    transaction_id TEXT    NOT NULL REFERENCES transactions (id),
    account_id     TEXT    NOT NULL REFERENCES accounts (id),
    amount         INTEGER NOT NULL             -- signed minor units
);
CREATE INDEX IF NOT EXISTS entries_by_transaction ON entries (transaction_id);
CREATE INDEX IF NOT EXISTS entries_by_account ON entries (account_id);
"""

Legs = list[tuple[str, int]]


class UnbalancedTransaction(ValueError):
    """A transaction whose amounts do not sum to zero, or with fewer than two entries."""


class InsufficientFunds(Exception):
    """The transaction would take an account that may not go negative below zero."""


class TransactionConflict(Exception):
    """A transaction id already posted with different entries."""


class AlreadyReversed(Exception):
    """The transaction has already been refunded (under another refund id)."""


@dataclass(frozen=True, order=True)
class Discrepancy:
    kind: str  # "unbalanced_transaction" | "balance_mismatch" | "statement_mismatch"
    subject: str  # the transaction id or the account id
    expected: int
    actual: int


class Ledger:
    """A double-entry ledger in the SQLite file at `db_path`; several Ledgers on one file are
    several processes. Entries are append-only: nothing is ever updated or deleted."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        raise NotImplementedError

    def open_account(self, account_id: str, *, allow_negative: bool = False) -> None:
        """Create an account with balance 0 (ValueError if it exists).

        Customer accounts may not go below zero; `allow_negative` is for accounts that stand for
        the outside world (cash, the card network), whose balance is naturally negative.
        """
        raise NotImplementedError

    def balance(self, account_id: str) -> int:
        """The account's balance in minor units (KeyError for an unknown account)."""
        raise NotImplementedError

    def entries(self, transaction_id: str) -> Legs:
        """The transaction's (account, amount) entries in posting order; [] if unknown."""
        raise NotImplementedError

    def post(
        self,
        transaction_id: str,
        entries: Mapping[str, int] | Iterable[tuple[str, int]],
        description: str = "",
    ) -> bool:
        """Post a transaction atomically: all of its entries, or none. True if posted.

        Amounts are signed ints (minor units): + adds to the account's balance. They must sum
        to zero over two or more entries (UnbalancedTransaction). A float or bool amount is a
        TypeError, a zero amount a ValueError, an unknown account a KeyError, and taking an
        account that may not go negative below zero InsufficientFunds (an account may appear in
        several entries: together they are its change). Amounts are exact however large.
        Posting is idempotent by id: the same id with the same entries (in any order) returns
        False and changes nothing; with other entries it raises TransactionConflict.
        """
        raise NotImplementedError

    def transfer(
        self, transaction_id: str, source: str, destination: str, amount: int, description: str = ""
    ) -> bool:
        """Move a positive `amount` from `source` to `destination`: post() with two entries.

        ValueError for an amount that is not positive or for source == destination.
        """
        raise NotImplementedError

    def refund(self, refund_id: str, original_id: str) -> bool:
        """Reverse a transaction in full with a new transaction `refund_id` of opposite entries.

        The original is never modified. Idempotent by `refund_id` like post(). KeyError for an
        unknown original; AlreadyReversed if another refund already reversed it; the reversal
        obeys InsufficientFunds like any posting.
        """
        raise NotImplementedError

    def reconcile(self, statement: Mapping[str, int] | None = None) -> list[Discrepancy]:
        """Check the books; return every discrepancy found, sorted ([] when all is well).

        - ("unbalanced_transaction", txn id, 0, the sum of its entries) for each transaction
          whose entries do not sum to zero;
        - ("balance_mismatch", account, sum of its entries, stored accounts.balance) where the
          stored balance disagrees with the entries;
        - ("statement_mismatch", account, statement amount, sum of its entries) for each account
          in `statement` (an outside source, such as a bank) whose entries disagree with it.
        """
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError
