"""Mutant: the key is looked up, then claimed, in two separate Redis calls.

category: concurrency
Simultaneous duplicates all see no record, all claim the key and all charge the card.
"""

from __future__ import annotations

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
    def _claim(self, key: str, fingerprint: str, token: str) -> tuple[str, str | None]:
        now = self._clock()
        record = {k.decode(): v.decode() for k, v in self._store.hgetall(key).items()}
        if record and float(record["expires_at"]) > now:
            if record["fingerprint"] != fingerprint:
                return "reused", None
            if record["state"] == "completed":
                return "completed", record["response"]
            if float(record["lease_until"]) > now:
                return "in_progress", None
        self._store.delete(key)
        self._store.hset(
            key,
            mapping={
                "state": "in_progress",
                "fingerprint": fingerprint,
                "token": token,
                "lease_until": now + self._lease,
                "expires_at": now + self._ttl,
            },
        )
        self._store.pexpire(key, int(self._ttl * 1000))
        return "claimed", None
