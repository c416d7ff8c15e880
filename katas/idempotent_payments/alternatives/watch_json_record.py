"""One JSON string per key, claimed with WATCH/MULTI compare-and-set instead of a Lua script.

The record is `{"state", "fingerprint", "token", "lease_until", "expires_at", "receipt"}` under
`pay:<key>`, written with a PX TTL. Cleanup after a failed charge is a `finally` that runs unless
the receipt was stored: right for a real crash, where nothing after the crash point runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
import uuid
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
    def charge(self, request: Mapping[str, Any], idempotency_key: str) -> Receipt: ...


def _canonical(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


class PaymentProcessor:
    def __init__(
        self,
        store: redis.Redis,
        provider: Provider,
        *,
        clock: Clock | None = None,
        lease_seconds: float = 30.0,
        ttl_seconds: float = 86_400.0,
    ) -> None:
        if not (lease_seconds > 0 and ttl_seconds > 0):
            raise ValueError("lease_seconds and ttl_seconds must be positive")
        self._redis = store
        self._provider = provider
        self._clock = clock if clock is not None else time.time
        self._lease = lease_seconds
        self._ttl = ttl_seconds

    def _claim(self, key: str, fingerprint: str, token: str) -> Receipt | None:
        """Claim the key (None) or return the stored receipt; raise for a conflict."""
        now = self._clock()

        def cas(pipe: Any) -> Receipt | None:
            raw = pipe.get(key)
            record = json.loads(raw) if raw is not None else None
            if record is not None and record["expires_at"] > now:
                if record["fingerprint"] != fingerprint:
                    raise IdempotencyKeyReused(key)
                if record["state"] == "done":
                    return dict(record["receipt"])
                if record["lease_until"] > now:
                    raise RequestInProgress(key)
            fresh = {
                "state": "claimed",
                "fingerprint": fingerprint,
                "token": token,
                "lease_until": now + self._lease,
                "expires_at": now + self._ttl,
                "receipt": None,
            }
            pipe.multi()
            pipe.set(key, json.dumps(fresh), px=int((self._ttl + self._lease) * 1000))
            return None

        return self._redis.transaction(cas, key, value_from_callable=True)  # type: ignore[no-any-return]

    def _update(self, key: str, token: str, receipt: Receipt | None) -> None:
        """Store the receipt (or drop the claim when None), if this attempt still holds it."""

        def cas(pipe: Any) -> None:
            raw = pipe.get(key)
            record = json.loads(raw) if raw is not None else None
            if record is None or record["token"] != token:
                pipe.multi()
                return
            pipe.multi()
            if receipt is None:
                pipe.delete(key)
            else:
                record.update(state="done", receipt=receipt)
                pipe.set(key, json.dumps(record), keepttl=True)

        self._redis.transaction(cas, key)

    def process(self, idempotency_key: str, request: Mapping[str, Any]) -> Receipt:
        if not idempotency_key:
            raise ValueError("empty idempotency key")
        key = f"pay:{idempotency_key}"
        body = json.dumps(_canonical(request), separators=(",", ":"))
        fingerprint = hashlib.sha256(body.encode()).hexdigest()
        token = uuid.uuid4().hex
        try:
            stored = self._claim(key, fingerprint, token)
        except redis.RedisError as exc:
            raise StoreUnavailable(str(exc)) from exc
        if stored is not None:
            return stored
        stored_ok = False
        try:
            receipt = self._provider.charge(request, idempotency_key)
            try:
                self._update(key, token, dict(receipt))
            except redis.RedisError as exc:
                stored_ok = True  # charged: keep the claim, its lease will free it
                raise StoreUnavailable(str(exc)) from exc
            stored_ok = True
            return receipt
        finally:
            if not stored_ok:
                with contextlib.suppress(redis.RedisError):
                    self._update(key, token, None)
