"""Mutant: the signature covers the body only; the timestamp beside it is not signed.

category: edge
An attacker replays an old body and signature under a fresh timestamp, and it passes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

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


def _signature(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def sign_webhook(secret: bytes, body: bytes, timestamp: int) -> str:
    return f"t={timestamp},v1={_signature(secret, body)}"


def verify_webhook(
    secret: bytes,
    body: bytes,
    header: str,
    *,
    tolerance: float = 300.0,
    clock: Callable[[], float] | None = None,
) -> None:
    fields = dict(item.partition("=")[::2] for item in header.split(","))
    if not fields.get("t", "").isdigit() or not fields.get("v1"):
        raise InvalidSignature("malformed")
    now = (clock or reference.time.time)()
    if abs(now - int(fields["t"])) > tolerance:
        raise InvalidSignature("too old")
    if not hmac.compare_digest(_signature(secret, body), fields["v1"]):
        raise InvalidSignature("mismatch")
