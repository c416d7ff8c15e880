"""Mutant: the event id is made up when the relay publishes, not stored with the event.

category: failure
An event published twice (after a relay crash) carries two ids, so consumers apply it twice.
"""

from __future__ import annotations

import json
import time
import uuid

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
            "SELECT seq, topic, payload FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?",
            (self._batch_size,),
        ).fetchall()
        published = 0
        for seq, topic, payload in rows:
            try:
                self._broker.publish(Event(uuid.uuid4().hex, topic, json.loads(payload)))
            except Exception:
                break
            self._conn.execute("UPDATE outbox SET sent_at = ? WHERE seq = ?", (time.time(), seq))
            published += 1
        return published
