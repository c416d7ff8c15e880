"""Idempotent payment processing over Redis.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import time  # noqa: F401 - the default clock is time.time (shared between processes)
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import redis

Clock = Callable[[], float]
Receipt = dict[str, Any]


class IdempotencyKeyReused(Exception):
    """The key was used before with a different request body (HTTP 422)."""


class RequestInProgress(Exception):
    """Another attempt with this key holds an unexpired lease (HTTP 409: retry later)."""


class StoreUnavailable(Exception):
    """The idempotency store cannot be reached (HTTP 503: retry later with the same key)."""


class ProviderTimeout(Exception):
    """Raised by a provider when a charge's outcome is unknown: it may or may not have happened."""


class Provider(Protocol):
    def charge(self, request: Mapping[str, Any], idempotency_key: str) -> Receipt:
        """Charge once per key: a repeated key returns the first charge's receipt."""
        ...


class PaymentProcessor:
    """Runs each payment at most once per idempotency key, however often the client retries.

    `store` is a Redis client; several processors on one Redis server are several processes.
    `provider.charge(request, idempotency_key)` moves the money and returns a receipt (a dict
    of JSON values). `clock` returns seconds; None means `time.time`, looked up at construction.
    `store` may be made with or without `decode_responses=True` (replies as str or bytes).

    Raise ValueError for a lease or ttl that is not positive.
    """

    def __init__(
        self,
        store: redis.Redis,
        provider: Provider,
        *,
        clock: Clock | None = None,
        lease_seconds: float = 30.0,
        ttl_seconds: float = 86_400.0,
    ) -> None:
        raise NotImplementedError

    def process(self, idempotency_key: str, request: Mapping[str, Any]) -> Receipt:
        """Charge for `request` once per key and return the receipt.

        - A key seen before with the same request (JSON-equal, key order aside) returns the stored
          receipt without charging again, from any processor on the same Redis.
        - The same key with a different request raises IdempotencyKeyReused.
        - While another attempt with the key holds its lease (`lease_seconds`), raise
          RequestInProgress. An attempt whose lease ran out (its process died) is taken over.
        - Pass the idempotency key to the provider, so a charge retried after a crash or a
          ProviderTimeout is not made twice.
        - If the provider raises, free the key (so the client can retry) and re-raise its error,
          even when the key cannot be freed because Redis is down (then the lease frees it).
        - Keys are forgotten `ttl_seconds` (24 h) after they are claimed; Redis must not keep
          them forever either: every record carries a Redis TTL that covers the window (not
          shorter, and not many times longer).
        - Redis unreachable: raise StoreUnavailable, never charge without the guard.
        - An empty key raises ValueError.
        """
        raise NotImplementedError
