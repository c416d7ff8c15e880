"""Mutant: a claim has no lease; a key claimed by a process that died stays in progress.

category: failure
After a crash between the charge and the completion, every retry gets RequestInProgress
until the key expires a day later.
"""

from __future__ import annotations

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
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lease = self._ttl  # "in progress" until the record itself expires
