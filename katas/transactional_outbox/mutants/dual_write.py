"""Mutant: the order commits first, and its event is written in a second transaction.

category: failure
A failure between the two (a crash, a full disk) leaves an order whose event is never published.
"""

from __future__ import annotations

import json
import uuid

from reference import transactional_outbox as reference
from reference.transactional_outbox import (
    SCHEMA,
    Broker,
    BrokerUnavailable,
    Consumer,
    Event,
    InvalidSignature,
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


class OrderService(reference.OrderService):
    def place_order(self, customer: str, amount: int) -> int:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise ValueError(amount)
        cursor = self._conn.execute(
            "INSERT INTO orders (customer, amount) VALUES (?, ?)", (customer, amount)
        )
        order_id = int(cursor.lastrowid or 0)
        payload = {"order_id": order_id, "customer": customer, "amount": amount}
        self._conn.execute(
            "INSERT INTO outbox (event_id, topic, payload) VALUES (?, ?, ?)",
            (uuid.uuid4().hex, "order_placed", json.dumps(payload)),
        )
        return order_id
