"""Mutant: records never expire, neither by the clock nor by a Redis TTL.

category: clock
A key is remembered forever: storage grows without bound and an old key can never be reused.
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

_CLAIM = """
local key = KEYS[1]
local fingerprint, now = ARGV[1], tonumber(ARGV[2])
local rec = redis.call('HMGET', key, 'state', 'fingerprint', 'lease_until', 'response')
if rec[1] then
    if rec[2] ~= fingerprint then return {'reused'} end
    if rec[1] == 'completed' then return {'completed', rec[4]} end
    if tonumber(rec[3]) > now then return {'in_progress'} end
end
redis.call('DEL', key)
redis.call('HSET', key, 'state', 'in_progress', 'fingerprint', fingerprint, 'token', ARGV[5],
           'lease_until', ARGV[3])
return {'claimed'}
"""


class PaymentProcessor(reference.PaymentProcessor):
    def _claim(self, key: str, fingerprint: str, token: str) -> tuple[str, str | None]:
        now = self._clock()
        args = [fingerprint, now, now + self._lease, 0, token, 0]
        reply = self._store.eval(_CLAIM, 1, key, *args)
        return reply[0].decode(), reply[1].decode() if len(reply) > 1 else None
