"""Transactional outbox: the event is written with the order, a relay ships it, consumers dedupe."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Clock = Callable[[], float]
Handler = Callable[[sqlite3.Connection, "Event"], None]

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id       INTEGER PRIMARY KEY,
    customer TEXT    NOT NULL,
    amount   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,  -- publication order
    event_id TEXT    NOT NULL UNIQUE,
    topic    TEXT    NOT NULL,
    payload  TEXT    NOT NULL,                   -- JSON
    sent_at  REAL                                -- NULL until the broker acknowledged
);
"""


@dataclass(frozen=True)
class Event:
    event_id: str
    topic: str
    payload: dict[str, Any] = field(hash=False)


class BrokerUnavailable(Exception):
    """Raised by a broker that cannot take the event now; the relay tries again later."""


class InvalidSignature(Exception):
    """A webhook whose signature header is missing, malformed, wrong or too old."""


class Broker(Protocol):
    def publish(self, event: Event) -> None:
        """Returns once the broker has the event; raises BrokerUnavailable (or other errors)."""
        ...


def _connect(db_path: str | os.PathLike[str]) -> sqlite3.Connection:
    # Autocommit mode: transactions are begun explicitly, so it is plain where each one ends.
    conn = sqlite3.connect(db_path, timeout=5.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


class OrderService:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self._conn = _connect(db_path)
        self._conn.executescript(SCHEMA)

    def place_order(self, customer: str, amount: int) -> int:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError(f"amount must be a positive integer (minor units), got {amount!r}")
        event_id = uuid.uuid4().hex  # fixed now and stored: every republication keeps this id
        # IMMEDIATE takes the write lock up front: two writers never deadlock upgrading a read.
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = self._conn.execute(
                "INSERT INTO orders (customer, amount) VALUES (?, ?)", (customer, amount)
            )
            order_id = int(cursor.lastrowid or 0)
            payload = {"order_id": order_id, "customer": customer, "amount": amount}
            # The point of the pattern: the event commits or rolls back with the order itself.
            self._conn.execute(
                "INSERT INTO outbox (event_id, topic, payload) VALUES (?, ?, ?)",
                (event_id, "order_placed", json.dumps(payload)),
            )
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return order_id

    def close(self) -> None:
        self._conn.close()


class OutboxRelay:
    def __init__(
        self, db_path: str | os.PathLike[str], broker: Broker, *, batch_size: int = 100
    ) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self._conn = _connect(db_path)
        self._conn.executescript(SCHEMA)
        self._broker = broker
        self._batch_size = batch_size

    def relay_once(self) -> int:
        rows = self._conn.execute(
            "SELECT seq, event_id, topic, payload FROM outbox WHERE sent_at IS NULL"
            " ORDER BY seq LIMIT ?",
            (self._batch_size,),
        ).fetchall()
        published = 0
        for seq, event_id, topic, payload in rows:
            try:
                self._broker.publish(Event(event_id, topic, json.loads(payload)))
            except Exception:
                # Stop here: this event and every later one wait for the next run, in order.
                break
            # Marked only after the broker has it. A crash right here means the event is
            # published again by the next run: at-least-once, and consumers dedupe.
            self._conn.execute("UPDATE outbox SET sent_at = ? WHERE seq = ?", (time.time(), seq))
            published += 1
        return published

    def pending(self) -> int:
        row = self._conn.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._conn.close()


class Consumer:
    def __init__(self, db_path: str | os.PathLike[str], handler: Handler) -> None:
        self._conn = _connect(db_path)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY)"
        )
        self._handler = handler

    def handle(self, event: Event) -> bool:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            # The dedupe mark and the handler's writes commit together: both or neither.
            # The primary key, not a prior SELECT, decides which delivery wins.
            try:
                self._conn.execute(
                    "INSERT INTO processed_events (event_id) VALUES (?)", (event.event_id,)
                )
            except sqlite3.IntegrityError:
                self._conn.execute("ROLLBACK")
                return False
            self._handler(self._conn, event)
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return True

    def close(self) -> None:
        self._conn.close()


def _signature(secret: bytes, body: bytes, timestamp: int) -> str:
    # The timestamp is signed with the body: it cannot be swapped for a fresh one.
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def sign_webhook(secret: bytes, body: bytes, timestamp: int) -> str:
    return f"t={timestamp},v1={_signature(secret, body, timestamp)}"


def verify_webhook(
    secret: bytes,
    body: bytes,
    header: str,
    *,
    tolerance: float = 300.0,
    clock: Clock | None = None,
) -> None:
    now = (clock or time.time)()  # Unix time: the sender's timestamp comes from another machine
    timestamp: int | None = None
    candidates: list[str] = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise InvalidSignature("malformed signature header")
    if abs(now - timestamp) > tolerance:
        raise InvalidSignature("timestamp outside the tolerance: a replay, or a skewed clock")
    expected = _signature(secret, body, timestamp)
    # Constant-time comparison; any v1 may match (several are sent while a secret rotates).
    # As bytes: compare_digest refuses str with non-ASCII characters, and headers come from anyone.
    if not any(
        hmac.compare_digest(expected.encode(), candidate.encode()) for candidate in candidates
    ):
        raise InvalidSignature("signature does not match")
