"""Mutant: when Redis is down the payment goes ahead without the idempotency guard.

category: failure
During an outage every retry charges the card again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reference import idempotent_payments as reference
from reference.idempotent_payments import (
    IdempotencyKeyReused,
    Provider,
    ProviderTimeout,
    RequestInProgress,
    StoreUnavailable,
)

__all__ = [
    "IdempotencyKeyReused",
    "PaymentProcessor",
    "Provider",
    "ProviderTimeout",
    "RequestInProgress",
    "StoreUnavailable",
]


class PaymentProcessor(reference.PaymentProcessor):
    def process(self, idempotency_key: str, request: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return super().process(idempotency_key, request)
        except StoreUnavailable:
            return self._provider.charge(request, idempotency_key)
