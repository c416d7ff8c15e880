"""Python-managed transactions (`with conn:`), INSERT OR IGNORE dedupe, binary signature compare.

The sqlite3 module opens the transactions here (deferred, rollback journal) instead of explicit
BEGIN IMMEDIATE in autocommit mode; the consumer decides "already applied" from the rowcount of
an INSERT OR IGNORE; webhook signatures are decoded from hex and compared as bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import time
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
    def publish(self, event: Event) -> None: ...


def _open(db_path: str | os.PathLike[str]) -> sqlite3.Connection:
    return sqlite3.connect(db_path, timeout=10.0)


class OrderService:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self._db = _open(db_path)
        self._db.executescript(SCHEMA)

    def place_order(self, customer: str, amount: int) -> int:
        if type(amount) is not int or amount < 1:
            raise ValueError("amount must be a positive int of minor units")
        with self._db:
            order_id = self._db.execute(
                "INSERT INTO orders (customer, amount) VALUES (?, ?) RETURNING id",
                (customer, amount),
            ).fetchone()[0]
            self._db.execute(
                "INSERT INTO outbox (event_id, topic, payload) VALUES (?, 'order_placed', ?)",
                (
                    f"evt_{secrets.token_urlsafe(16)}",
                    json.dumps({"order_id": order_id, "customer": customer, "amount": amount}),
                ),
            )
        return int(order_id)

    def close(self) -> None:
        self._db.close()


class OutboxRelay:
    def __init__(
        self, db_path: str | os.PathLike[str], broker: Broker, *, batch_size: int = 100
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self._db = _open(db_path)
        self._db.executescript(SCHEMA)
        self._broker = broker
        self._batch = batch_size

    def relay_once(self) -> int:
        batch = self._db.execute(
            "SELECT seq, event_id, topic, payload FROM outbox"
            " WHERE sent_at IS NULL ORDER BY seq LIMIT ?",
            (self._batch,),
        ).fetchall()
        self._db.commit()  # end the read transaction before talking to the broker
        count = 0
        for seq, event_id, topic, payload in batch:
            try:
                self._broker.publish(Event(event_id, topic, json.loads(payload)))
            except Exception:
                return count
            with self._db:
                self._db.execute("UPDATE outbox SET sent_at = ? WHERE seq = ?", (time.time(), seq))
            count += 1
        return count

    def pending(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        self._db.commit()
        return int(count)

    def close(self) -> None:
        self._db.close()


class Consumer:
    def __init__(self, db_path: str | os.PathLike[str], handler: Handler) -> None:
        self._db = _open(db_path)
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS seen_events (id TEXT PRIMARY KEY)")
        self._handler = handler

    def handle(self, event: Event) -> bool:
        with self._db:
            inserted = self._db.execute(
                "INSERT OR IGNORE INTO seen_events (id) VALUES (?)", (event.event_id,)
            ).rowcount
            if inserted == 0:
                return False
            self._handler(self._db, event)
        return True

    def close(self) -> None:
        self._db.close()


def _mac(secret: bytes, body: bytes, timestamp: int) -> bytes:
    return hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).digest()


def sign_webhook(secret: bytes, body: bytes, timestamp: int) -> str:
    return f"t={timestamp},v1={_mac(secret, body, timestamp).hex()}"


_ENTRY = re.compile(r"^(t|v1)=(.+)$")


def verify_webhook(
    secret: bytes,
    body: bytes,
    header: str,
    *,
    tolerance: float = 300.0,
    clock: Clock | None = None,
) -> None:
    stamps: list[int] = []
    macs: list[bytes] = []
    for part in header.split(","):
        found = _ENTRY.match(part.strip())
        if found is None:
            continue
        key, value = found.groups()
        if key == "t" and value.isascii() and value.isdecimal():
            stamps.append(int(value))
        elif key == "v1":
            try:
                macs.append(bytes.fromhex(value))
            except ValueError:
                continue
    if len(stamps) != 1 or not macs:
        raise InvalidSignature("malformed header")
    stamp = stamps[0]
    now = clock() if clock is not None else time.time()
    if not -tolerance <= now - stamp <= tolerance:
        raise InvalidSignature("outside the tolerance")
    want = _mac(secret, body, stamp)
    if not any(hmac.compare_digest(want, mac) for mac in macs):
        raise InvalidSignature("no signature matches")
