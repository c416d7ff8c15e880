"""Mutant: an ambiguous provider timeout is recorded as a failed payment.

category: failure
The card may well have been charged, yet the client is told it failed, and every retry
replays that failure instead of finding the charge.
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


class _TimeoutIsFailure:
    def __init__(self, provider: Provider) -> None:
        self._provider = provider

    def charge(self, request: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        try:
            return self._provider.charge(request, idempotency_key)
        except ProviderTimeout:
            return {"status": "failed", "reason": "provider timeout"}


class PaymentProcessor(reference.PaymentProcessor):
    def __init__(self, store: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(store, _TimeoutIsFailure(provider), **kwargs)
