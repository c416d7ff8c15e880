"""Mutant: the consumer applies every delivery; nothing is deduplicated.

category: failure
At-least-once delivery then means at-least-once effects: a relay crash ships an order twice.
"""

from __future__ import annotations

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
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._handler(self._conn, event)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return True
