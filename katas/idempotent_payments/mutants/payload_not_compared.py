"""Mutant: the request body is not compared; a reused key replays the first receipt.

category: edge
A client that reuses a key for another payment silently gets the old receipt back.
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
    @staticmethod
    def _fingerprint(request: Mapping[str, Any]) -> str:
        return "any"
