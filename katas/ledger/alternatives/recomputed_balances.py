"""Entries first, then balances recomputed from them; overdrafts found by a query before COMMIT.

Each write runs under BEGIN EXCLUSIVE in SQLite's default rollback journal. Idempotency leans on
the primary key of `transactions`, one refund per original on the UNIQUE `reverses` column, and
reconciliation sums the entries in Python rather than in SQL.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

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
    kind: str
    subject: str
    expected: int
    actual: int


def _checked(entries: Mapping[str, int] | Iterable[tuple[str, int]]) -> Legs:
    legs = list(dict(entries).items()) if isinstance(entries, Mapping) else list(entries)
    if any(type(amount) is not int for _, amount in legs):
        raise TypeError("amounts are int minor units")
    if any(amount == 0 for _, amount in legs):
        raise ValueError("zero entry")
    if len(legs) < 2 or sum(amount for _, amount in legs):
        raise UnbalancedTransaction(str(legs))
    return legs


class Ledger:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self._db = sqlite3.connect(db_path, timeout=30, isolation_level=None)
        self._db.executescript(SCHEMA)

    @contextmanager
    def _exclusive(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN EXCLUSIVE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def open_account(self, account_id: str, *, allow_negative: bool = False) -> None:
        with self._exclusive() as db:
            if db.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone():
                raise ValueError(account_id)
            db.execute(
                "INSERT INTO accounts (id, allow_negative) VALUES (?, ?)",
                (account_id, 1 if allow_negative else 0),
            )

    def balance(self, account_id: str) -> int:
        row = self._db.execute("SELECT balance FROM accounts WHERE id = ?", (account_id,))
        found = row.fetchone()
        if not found:
            raise KeyError(account_id)
        return found[0]

    def entries(self, transaction_id: str) -> Legs:
        return list(
            self._db.execute(
                "SELECT account_id, amount FROM entries WHERE transaction_id = ? ORDER BY id",
                (transaction_id,),
            )
        )

    def post(
        self,
        transaction_id: str,
        entries: Mapping[str, int] | Iterable[tuple[str, int]],
        description: str = "",
    ) -> bool:
        legs = _checked(entries)
        with self._exclusive():
            return self._write(transaction_id, legs, description, None)

    def transfer(
        self, transaction_id: str, source: str, destination: str, amount: int, description: str = ""
    ) -> bool:
        if type(amount) is int and amount <= 0:
            raise ValueError("amount must be positive")
        if source == destination:
            raise ValueError("same account")
        return self.post(transaction_id, {source: -amount, destination: amount}, description)

    def refund(self, refund_id: str, original_id: str) -> bool:
        with self._exclusive():
            original = self.entries(original_id)
            if not original:
                raise KeyError(original_id)
            reversal = [(account, -amount) for account, amount in original]
            try:
                return self._write(refund_id, reversal, "refund", original_id)
            except sqlite3.IntegrityError:
                raise AlreadyReversed(original_id) from None

    def _write(self, txn: str, legs: Legs, description: str, reverses: str | None) -> bool:
        db = self._db
        if db.execute("SELECT 1 FROM transactions WHERE id = ?", (txn,)).fetchone():
            if Counter(self.entries(txn)) != Counter(legs):
                raise TransactionConflict(txn)
            return False
        touched = {account for account, _ in legs}
        for account in touched:
            if not db.execute("SELECT 1 FROM accounts WHERE id = ?", (account,)).fetchone():
                raise KeyError(account)
        db.execute(
            "INSERT INTO transactions (id, reverses, description) VALUES (?, ?, ?)",
            (txn, reverses, description),
        )
        db.executemany(
            "INSERT INTO entries (transaction_id, account_id, amount) VALUES (?, ?, ?)",
            [(txn, account, amount) for account, amount in legs],
        )
        for account in touched:
            db.execute(
                "UPDATE accounts SET balance ="
                " (SELECT coalesce(sum(amount), 0) FROM entries WHERE account_id = ?)"
                " WHERE id = ?",
                (account, account),
            )
        marks = ",".join("?" * len(touched))
        overdrawn = db.execute(
            f"SELECT id FROM accounts WHERE id IN ({marks}) AND allow_negative = 0 AND balance < 0",
            sorted(touched),
        ).fetchall()
        if overdrawn:
            raise InsufficientFunds(overdrawn[0][0])
        return True

    def reconcile(self, statement: Mapping[str, int] | None = None) -> list[Discrepancy]:
        per_txn: defaultdict[str, int] = defaultdict(int)
        per_account: defaultdict[str, int] = defaultdict(int)
        for txn, account, amount in self._db.execute(
            "SELECT transaction_id, account_id, amount FROM entries"
        ):
            per_txn[txn] += amount
            per_account[account] += amount
        found = [
            Discrepancy("unbalanced_transaction", txn, 0, total)
            for txn, total in per_txn.items()
            if total
        ]
        for account, stored in self._db.execute("SELECT id, balance FROM accounts"):
            if stored != per_account[account]:
                found.append(Discrepancy("balance_mismatch", account, per_account[account], stored))
        for account, amount in (statement or {}).items():
            if per_account.get(account, 0) != amount:
                found.append(
                    Discrepancy("statement_mismatch", account, amount, per_account.get(account, 0))
                )
        return sorted(found)

    def close(self) -> None:
        self._db.close()
