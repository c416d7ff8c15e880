"""Mutant: the event is made public (committed to the outbox) before the order it announces.

category: failure
If the order then fails to commit, the broker announces an order that does not exist.
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
        (last,) = self._conn.execute("SELECT coalesce(max(id), 0) FROM orders").fetchone()
        order_id = int(last) + 1
        payload = {"order_id": order_id, "customer": customer, "amount": amount}
        self._conn.execute(
            "INSERT INTO outbox (event_id, topic, payload) VALUES (?, ?, ?)",
            (uuid.uuid4().hex, "order_placed", json.dumps(payload)),
        )
        self._conn.execute(
            "INSERT INTO orders (id, customer, amount) VALUES (?, ?, ?)",
            (order_id, customer, amount),
        )
        return order_id
