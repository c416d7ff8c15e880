"""Transactional outbox, at-least-once relay, deduplicating consumer, signed webhooks.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import os
import sqlite3
import time  # noqa: F401 - the webhook clock defaults to time.time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Clock = Callable[[], float]
Handler = Callable[[sqlite3.Connection, "Event"], None]

# The service's tables (given: the tests inject faults into them). Create them if missing.
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


class OrderService:
    """Takes orders. Opens its own connection to the SQLite file at `db_path` (one process)."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        raise NotImplementedError

    def place_order(self, customer: str, amount: int) -> int:
        """Store the order and its `order_placed` event, atomically; return the order id.

        The event's payload is {"order_id": id, "customer": customer, "amount": amount} and its
        event_id a unique string. Either both rows commit or neither does. Never talk to the
        broker from here. An amount that is not a positive int raises ValueError.
        """
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class OutboxRelay:
    """Ships the outbox to the broker. Its own connection to the same file: another process."""

    def __init__(
        self, db_path: str | os.PathLike[str], broker: Broker, *, batch_size: int = 100
    ) -> None:
        """Raise ValueError for a batch_size that is not positive."""
        raise NotImplementedError

    def relay_once(self) -> int:
        """Publish up to `batch_size` unsent events, oldest first; return how many were published.

        An event counts as sent only once `broker.publish` returned. If the broker raises
        (BrokerUnavailable or any other Exception), stop: that event and every later one stay
        unsent, in order, for the next run (do not raise).
        The same event published twice keeps its event_id.
        """
        raise NotImplementedError

    def pending(self) -> int:
        """How many events are not yet sent."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


class Consumer:
    """Applies events exactly once per event_id, over at-least-once delivery.

    Opens its own connection to its own SQLite file. `handler(conn, event)` writes the event's
    effect through `conn`, inside the transaction that `handle` runs.
    """

    def __init__(self, db_path: str | os.PathLike[str], handler: Handler) -> None:
        raise NotImplementedError

    def handle(self, event: Event) -> bool:
        """Apply `event` and return True; return False for an event_id already applied.

        Remembered across restarts and shared by every Consumer on the same file. If the
        handler raises, nothing of it is kept and the event is not marked applied: re-raise.
        """
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def sign_webhook(secret: bytes, body: bytes, timestamp: int) -> str:
    """The signature header: "t=<timestamp>,v1=<hex HMAC-SHA256 of b'<timestamp>.' + body>".

    `body` is signed as the exact bytes sent, whatever they hold (never re-serialised).
    """
    raise NotImplementedError


def verify_webhook(
    secret: bytes,
    body: bytes,
    header: str,
    *,
    tolerance: float = 300.0,
    clock: Clock | None = None,
) -> None:
    """Return if `header` signs `body` with `secret` at a time within `tolerance` s of now.

    Otherwise raise InvalidSignature: malformed header, no matching v1 (several v1 entries may
    be present: any may match), or a timestamp more than `tolerance` seconds from now, either
    way. `clock` returns Unix seconds; None means `time.time`.
    """
    raise NotImplementedError
