"""Mutant: the consumer commits the dedupe mark, then runs the handler in another transaction.

category: failure
A handler that fails leaves the event marked as applied: the redelivery is dropped, the effect lost.
"""

from __future__ import annotations

import sqlite3

from reference import transactional_outbox as reference
from reference.transactional_outbox import (
    SCHEMA,
    Broker,
    BrokerUnavailable,
    Event,
    InvalidSignature,
    OrderService,
    OutboxRelay,
    sign_webhook,
    verify_webhook,
)

__all__ = [
    "SCHEMA",
    "Broker",
    "BrokerUnavailable",
    "Consumer",
    "Event",
    "InvalidSignature",
    "OrderService",
    "OutboxRelay",
    "sign_webhook",
    "verify_webhook",
]


class Consumer(reference.Consumer):
    def handle(self, event: Event) -> bool:
        try:
            self._conn.execute(
                "INSERT INTO processed_events (event_id) VALUES (?)", (event.event_id,)
            )
        except sqlite3.IntegrityError:
            return False
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._handler(self._conn, event)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return True
