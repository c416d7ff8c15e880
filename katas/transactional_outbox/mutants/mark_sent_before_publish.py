"""Mutant: the relay marks an event sent, then publishes it.

category: failure
When the publish fails the event is already marked sent: it is never published at all.
"""

from __future__ import annotations

import json
import time

from reference import transactional_outbox as reference
from reference.transactional_outbox import (
    SCHEMA,
    Broker,
    BrokerUnavailable,
    Consumer,
    Event,
    InvalidSignature,
    OrderService,
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


class OutboxRelay(reference.OutboxRelay):
    def relay_once(self) -> int:
        rows = self._conn.execute(
            "SELECT seq, event_id, topic, payload FROM outbox WHERE sent_at IS NULL"
            " ORDER BY seq LIMIT ?",
            (self._batch_size,),
        ).fetchall()
        published = 0
        for seq, event_id, topic, payload in rows:
            self._conn.execute("UPDATE outbox SET sent_at = ? WHERE seq = ?", (time.time(), seq))
            try:
                self._broker.publish(Event(event_id, topic, json.loads(payload)))
            except Exception:
                break
            published += 1
        return published
