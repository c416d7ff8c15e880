"""Mutant: each attempt sends the provider a fresh key instead of the client's key.

category: failure
A retry after a crash or an ambiguous timeout charges the card a second time.
"""

from __future__ import annotations

import uuid
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


class _FreshKeys:
    def __init__(self, provider: Provider) -> None:
        self._provider = provider

    def charge(self, request: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        return self._provider.charge(request, uuid.uuid4().hex)


class PaymentProcessor(reference.PaymentProcessor):
    def __init__(self, store: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(store, _FreshKeys(provider), **kwargs)
