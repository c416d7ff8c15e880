"""Distributed lock on Redis: SET NX PX with a random token, owner-only release and extend in Lua,
fencing tokens checked by the protected resource, and leader election on a renewed lease."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Callable

import redis

Clock = Callable[[], float]


class StaleTokenError(Exception):
    """A write carried a fencing token older than one the resource has already accepted."""


# Take the lock and hand out the next fencing token in one atomic step: a crash can never leave a
# lock without its expiry (SETNX then EXPIRE can), and tokens follow the order locks were granted.
_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return redis.call('INCR', KEYS[2])
end
return false
"""

# Compare and act in one script: a GET in Python followed by DEL can delete a lock that expired
# between the two commands and now belongs to someone else.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""

_EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class RedisLock:
    def __init__(self, client: redis.Redis, name: str, ttl_ms: int = 10_000) -> None:
        if ttl_ms <= 0:
            raise ValueError(f"ttl_ms must be positive, got {ttl_ms}")
        self.client = client
        self.name = name
        self.ttl_ms = ttl_ms
        self._token: str | None = None
        self._fence: int | None = None
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)
        self._extend = client.register_script(_EXTEND)

    @property
    def fencing_token(self) -> int | None:
        return self._fence

    def acquire(self) -> bool:
        # A fresh random token per acquisition: the value proves ownership, so it must be unique
        # to this holder (not a hostname or a pid that another lock object could share).
        token = secrets.token_hex(16)
        fence = self._acquire(keys=[self.name, f"{self.name}:fence"], args=[token, self.ttl_ms])
        if fence is None:
            return False  # a failed attempt leaves what this object already holds untouched
        self._token, self._fence = token, int(fence)
        return True

    def release(self) -> bool:
        if self._token is None:
            return False
        released = self._release(keys=[self.name], args=[self._token])
        self._token = self._fence = None
        return bool(released)

    def extend(self, ttl_ms: int | None = None) -> bool:
        if self._token is None:
            return False
        ttl = self.ttl_ms if ttl_ms is None else ttl_ms
        if ttl <= 0:
            raise ValueError(f"ttl_ms must be positive, got {ttl}")
        if self._extend(keys=[self.name], args=[self._token, ttl]):
            return True
        # The lock expired and may belong to someone else: never bring it back to life.
        self._token = self._fence = None
        return False


class FencedStore:
    """The protected resource: it remembers the highest fencing token it has accepted."""

    def __init__(self) -> None:
        self._highest = 0
        self._data: dict[str, str] = {}
        self._lock = threading.Lock()

    def write(self, key: str, value: str, token: int) -> None:
        with self._lock:
            # Equal is fine (the same holder writing again); lower is a holder whose lock expired
            # while it was paused, and only the resource itself can stop it.
            if token < self._highest:
                raise StaleTokenError(f"token {token} is older than {self._highest}")
            self._highest = token
            self._data[key] = value

    def read(self, key: str) -> str | None:
        with self._lock:
            return self._data.get(key)


class LeaderElector:
    def __init__(
        self, client: redis.Redis, name: str, lease_ms: int = 5_000, clock: Clock | None = None
    ) -> None:
        self._lock = RedisLock(client, name, lease_ms)
        self._lease = lease_ms / 1000
        self._clock = clock or time.monotonic
        self._deadline = -math.inf

    def campaign(self) -> bool:
        # Read the clock before asking: the server's lease may have started any time after this.
        started = self._clock()
        held = self._lock.fencing_token is not None
        try:
            won = self._lock.extend() if held else self._lock.acquire()
        except redis.ConnectionError:
            # Cannot renew: stay leader only while the lease we already have is surely valid.
            return self.is_leader()
        self._deadline = started + self._lease if won else -math.inf
        return won

    def is_leader(self) -> bool:
        # Trust the local lease, not the last answer: a leader cut off from Redis (or paused)
        # must stop acting once its lease may have run out, because someone else can win then.
        return self._lock.fencing_token is not None and self._clock() < self._deadline

    @property
    def term(self) -> int | None:
        return self._lock.fencing_token if self.is_leader() else None

    def resign(self) -> None:
        self._deadline = -math.inf
        self._lock.release()
