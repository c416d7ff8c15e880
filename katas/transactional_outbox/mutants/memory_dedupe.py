"""Mutant: each consumer remembers the ids it applied in memory (a set).

category: concurrency
Other consumer processes, and this one after a restart, know nothing of them.
"""

from __future__ import annotations

from typing import Any

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
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: set[str] = set()

    def handle(self, event: Event) -> bool:
        if event.event_id in self._seen:
            return False
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._handler(self._conn, event)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        self._seen.add(event.event_id)
        return True
