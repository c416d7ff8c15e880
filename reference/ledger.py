"""Double-entry ledger on SQLite: balanced, append-only, idempotent, atomic, reconcilable."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
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
    kind: str  # "unbalanced_transaction" | "balance_mismatch" | "statement_mismatch"
    subject: str  # the transaction id or the account id
    expected: int
    actual: int


def _legs(entries: Mapping[str, int] | Iterable[tuple[str, int]]) -> Legs:
    pairs = entries.items() if isinstance(entries, Mapping) else entries
    legs = [(str(account), amount) for account, amount in pairs]
    for account, amount in legs:
        # Integer minor units only: a float cannot hold 0.10 exactly, and sums drift.
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError(f"{account}: amounts are integer minor units, got {amount!r}")
        if amount == 0:
            raise ValueError(f"{account}: an entry of zero means nothing")
    if len(legs) < 2 or sum(amount for _, amount in legs) != 0:
        raise UnbalancedTransaction(f"entries must be two or more and sum to zero: {legs}")
    return legs


class Ledger:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self._conn = sqlite3.connect(
            db_path, timeout=5.0, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(SCHEMA)

    def open_account(self, account_id: str, *, allow_negative: bool = False) -> None:
        try:
            self._conn.execute(
                "INSERT INTO accounts (id, allow_negative) VALUES (?, ?)",
                (account_id, int(allow_negative)),
            )
        except sqlite3.IntegrityError:
            raise ValueError(f"account {account_id!r} already exists") from None

    def balance(self, account_id: str) -> int:
        row = self._conn.execute("SELECT balance FROM accounts WHERE id = ?", (account_id,))
        found = row.fetchone()
        if found is None:
            raise KeyError(account_id)
        return int(found[0])

    def entries(self, transaction_id: str) -> Legs:
        rows = self._conn.execute(
            "SELECT account_id, amount FROM entries WHERE transaction_id = ? ORDER BY id",
            (transaction_id,),
        ).fetchall()
        return [(str(account), int(amount)) for account, amount in rows]

    def post(
        self,
        transaction_id: str,
        entries: Mapping[str, int] | Iterable[tuple[str, int]],
        description: str = "",
    ) -> bool:
        legs = _legs(entries)
        with self._write():
            if self._already_posted(transaction_id, legs):
                return False
            self._insert(transaction_id, legs, description, reverses=None)
        return True

    def transfer(
        self, transaction_id: str, source: str, destination: str, amount: int, description: str = ""
    ) -> bool:
        if isinstance(amount, int) and not isinstance(amount, bool) and amount <= 0:
            raise ValueError(f"a transfer moves a positive amount, got {amount}")
        if source == destination:
            raise ValueError("source and destination are the same account")
        return self.post(transaction_id, [(source, -amount), (destination, amount)], description)

    def refund(self, refund_id: str, original_id: str) -> bool:
        with self._write():
            original = self.entries(original_id)
            if not original:
                raise KeyError(original_id)
            # A refund never touches the original: it is a new transaction of opposite entries.
            legs = [(account, -amount) for account, amount in original]
            if self._already_posted(refund_id, legs):
                return False
            done = self._conn.execute(
                "SELECT id FROM transactions WHERE reverses = ?", (original_id,)
            ).fetchone()
            if done is not None:
                raise AlreadyReversed(f"{original_id} was refunded by {done[0]}")
            self._insert(refund_id, legs, f"refund of {original_id}", reverses=original_id)
        return True

    def reconcile(self, statement: Mapping[str, int] | None = None) -> list[Discrepancy]:
        found: list[Discrepancy] = []
        for txn, total in self._conn.execute(
            "SELECT transaction_id, sum(amount) FROM entries GROUP BY transaction_id"
            " HAVING sum(amount) != 0"
        ):
            found.append(Discrepancy("unbalanced_transaction", txn, 0, int(total)))
        # The entries are the truth; the stored balance is a cache that must agree with them.
        sums: dict[str, int] = {}
        for account, stored, total in self._conn.execute(
            "SELECT a.id, a.balance, coalesce(sum(e.amount), 0) FROM accounts a"
            " LEFT JOIN entries e ON e.account_id = a.id GROUP BY a.id"
        ):
            sums[account] = int(total)
            if stored != total:
                found.append(Discrepancy("balance_mismatch", account, int(total), int(stored)))
        for account, amount in (statement or {}).items():
            ours = sums.get(account, 0)
            if ours != amount:
                found.append(Discrepancy("statement_mismatch", account, amount, ours))
        return sorted(found)

    def close(self) -> None:
        self._conn.close()

    # --- inside a write transaction --------------------------------------------------------

    def _write(self) -> _WriteTransaction:
        return _WriteTransaction(self._conn)

    def _already_posted(self, transaction_id: str, legs: Legs) -> bool:
        """True for a replay of the same transaction; TransactionConflict for another one."""
        exists = self._conn.execute(
            "SELECT 1 FROM transactions WHERE id = ?", (transaction_id,)
        ).fetchone()
        if exists is None:
            return False
        if sorted(self.entries(transaction_id)) != sorted(legs):
            raise TransactionConflict(f"{transaction_id} was posted with other entries")
        return True

    def _insert(
        self, transaction_id: str, legs: Legs, description: str, reverses: str | None
    ) -> None:
        deltas: dict[str, int] = {}
        for account, amount in legs:
            deltas[account] = deltas.get(account, 0) + amount
        for account, delta in deltas.items():
            row = self._conn.execute(
                "SELECT balance, allow_negative FROM accounts WHERE id = ?", (account,)
            ).fetchone()
            if row is None:
                raise KeyError(account)
            # Checked inside the write transaction: no other writer can move the balance now.
            if not row[1] and row[0] + delta < 0:
                raise InsufficientFunds(f"{account} holds {row[0]}, needs {-delta}")
        self._conn.execute(
            "INSERT INTO transactions (id, reverses, description) VALUES (?, ?, ?)",
            (transaction_id, reverses, description),
        )
        self._conn.executemany(
            "INSERT INTO entries (transaction_id, account_id, amount) VALUES (?, ?, ?)",
            [(transaction_id, account, amount) for account, amount in legs],
        )
        for account, delta in deltas.items():
            self._conn.execute(
                "UPDATE accounts SET balance = balance + ? WHERE id = ?", (delta, account)
            )


class _WriteTransaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception: all entries or none."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        # IMMEDIATE: take the write lock before reading balances, so the check and the write
        # are one atomic step and two writers never deadlock upgrading their read locks.
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self._conn.execute("COMMIT" if kind is None else "ROLLBACK")
