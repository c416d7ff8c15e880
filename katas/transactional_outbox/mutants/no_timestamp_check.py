"""Mutant: the webhook timestamp is signed but never compared with the clock.

category: clock
A captured webhook can be replayed forever.
"""

from __future__ import annotations

from typing import Any

from reference import transactional_outbox as reference
from reference.transactional_outbox import (
    SCHEMA,
    Broker,
    BrokerUnavailable,
    Consumer,
    Event,
    InvalidSignature,
    OrderService,
    OutboxRelay,
    sign_webhook,
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


def verify_webhook(
    secret: bytes, body: bytes, header: str, *, tolerance: float = 300.0, clock: Any = None
) -> None:
    reference.verify_webhook(secret, body, header, tolerance=float("inf"), clock=clock)
