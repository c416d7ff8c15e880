"""Idempotent payments: an atomic claim in Redis with a lease, the key passed on to the provider."""

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
    def charge(self, request: Mapping[str, Any], idempotency_key: str) -> Receipt:
        """Charge once per key: a repeated key returns the first charge's receipt."""
        ...


# The whole check-then-claim runs inside Redis, so two processes can never both claim a key.
# Record fields: state, fingerprint, token (the claimer), lease_until, expires_at, response.
_CLAIM = """
local key = KEYS[1]
local fingerprint, now = ARGV[1], tonumber(ARGV[2])
local rec = redis.call('HMGET', key, 'state', 'fingerprint', 'lease_until', 'expires_at',
                      'response')
if rec[1] and tonumber(rec[4]) > now then
    if rec[2] ~= fingerprint then return {'reused'} end
    if rec[1] == 'completed' then return {'completed', rec[5]} end
    if tonumber(rec[3]) > now then return {'in_progress'} end
    -- The lease ran out: the attempt that held it crashed (or is very slow). Take over.
end
redis.call('DEL', key)
redis.call('HSET', key, 'state', 'in_progress', 'fingerprint', fingerprint, 'token', ARGV[5],
           'lease_until', ARGV[3], 'expires_at', ARGV[4])
redis.call('PEXPIRE', key, ARGV[6])
return {'claimed'}
"""

# Only the current claimer may complete or release: a stale attempt must not touch a new claim.
_COMPLETE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'response', ARGV[2])
return 1
"""

_RELEASE = """
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
"""


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


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
        if lease_seconds <= 0 or ttl_seconds <= 0:
            raise ValueError(f"lease and ttl must be positive, got {lease_seconds=} {ttl_seconds=}")
        self._store = store
        self._provider = provider
        # Wall clock, not monotonic: leases and expiry times are compared across processes.
        self._clock = clock or time.time
        self._lease = lease_seconds
        self._ttl = ttl_seconds
        self._claim_script = store.register_script(_CLAIM)
        self._complete_script = store.register_script(_COMPLETE)
        self._release_script = store.register_script(_RELEASE)

    @staticmethod
    def _fingerprint(request: Mapping[str, Any]) -> str:
        # Canonical JSON: the same body with its keys in another order is the same request.
        body = json.dumps(request, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()

    def _claim(self, key: str, fingerprint: str, token: str) -> tuple[str, str | None]:
        now = self._clock()
        # Redis forgets the record on its own too, so storage stays bounded by the window.
        ttl_ms = int(max(self._ttl, self._lease) * 1000)
        args: list[str | float] = [
            fingerprint,
            now,
            now + self._lease,
            now + self._ttl,
            token,
            ttl_ms,
        ]
        reply = self._claim_script(keys=[key], args=args)
        status = _text(reply[0])
        return status, _text(reply[1]) if len(reply) > 1 else None

    def process(self, idempotency_key: str, request: Mapping[str, Any]) -> Receipt:
        if not idempotency_key:
            raise ValueError("an idempotency key is required")
        key = f"idempotency:{idempotency_key}"
        token = uuid.uuid4().hex
        try:
            status, stored = self._claim(key, self._fingerprint(request), token)
        except redis.RedisError as exc:
            # Fail closed: without the store there is no guard against a double charge.
            raise StoreUnavailable(f"idempotency store unreachable: {exc}") from exc
        if status == "completed" and stored is not None:
            return dict(json.loads(stored))
        if status == "reused":
            raise IdempotencyKeyReused(f"key {idempotency_key!r} was used with another request")
        if status == "in_progress":
            raise RequestInProgress(f"a request with key {idempotency_key!r} is in progress")

        try:
            # The same key goes to the provider: a retry after a crash or an ambiguous timeout
            # gets the first charge back instead of making a second one.
            receipt = self._provider.charge(request, idempotency_key)
        except Exception:
            # Nothing is known to be final: free the key so the client's retry runs again.
            # A crash skips this, and then the lease expiring frees the key instead.
            with contextlib.suppress(redis.RedisError):
                self._release_script(keys=[key], args=[token])
            raise
        try:
            self._complete_script(keys=[key], args=[token, json.dumps(receipt)])
        except redis.RedisError as exc:
            raise StoreUnavailable(f"charged, but the receipt was not stored: {exc}") from exc
        return receipt
