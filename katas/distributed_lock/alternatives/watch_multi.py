"""Optimistic WATCH/MULTI transactions instead of Lua scripts; leases kept in integer ms.

acquire watches the lock key, and when it is free sets it (NX PX) and increments the fence in one
MULTI/EXEC, so the token is taken atomically with the lock. release and extend watch the key,
compare its value in Python, and delete or re-expire it in a transaction that fails if the key
changed in between. The fenced store keeps one highest token under an RLock.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import redis

Clock = Callable[[], float]


class StaleTokenError(Exception):
    """A write carried a fencing token older than one the resource has already accepted."""


def _text(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class RedisLock:
    def __init__(self, client: redis.Redis, name: str, ttl_ms: int = 10_000) -> None:
        if not ttl_ms > 0:
            raise ValueError("ttl_ms must be positive")
        self._redis = client
        self._name = name
        self._fence_key = f"{name}:fence"
        self._ttl_ms = int(ttl_ms)
        self._value: str | None = None
        self._fence: int | None = None

    @property
    def fencing_token(self) -> int | None:
        return self._fence if self._value is not None else None

    def acquire(self) -> bool:
        value = uuid.uuid4().hex

        def take(pipe: Any) -> int | None:
            if pipe.exists(self._name):
                pipe.multi()
                return None
            pipe.multi()
            pipe.set(self._name, value, nx=True, px=self._ttl_ms)
            pipe.incr(self._fence_key)
            return 0

        with self._redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(self._name)
                    if take(pipe) is None:
                        pipe.reset()
                        return False
                    ok, fence = pipe.execute()
                    break
                except redis.WatchError:
                    continue
        if not ok:
            return False
        self._value, self._fence = value, int(fence)
        return True

    def _if_mine(self, action: Callable[[Any], None]) -> bool:
        """Run `action` in a transaction if the key still holds this object's value."""
        if self._value is None:
            return False
        with self._redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(self._name)
                    if _text(pipe.get(self._name)) != self._value:
                        pipe.reset()
                        return False
                    pipe.multi()
                    action(pipe)
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue

    def release(self) -> bool:
        done = self._if_mine(lambda pipe: pipe.delete(self._name))
        self._value = self._fence = None
        return done

    def extend(self, ttl_ms: int | None = None) -> bool:
        ttl = self._ttl_ms if ttl_ms is None else int(ttl_ms)
        if ttl <= 0:
            raise ValueError("ttl_ms must be positive")
        if self._if_mine(lambda pipe: pipe.pexpire(self._name, ttl)):
            return True
        self._value = self._fence = None
        return False


class FencedStore:
    def __init__(self) -> None:
        self._guard = threading.RLock()
        self._highest: int | None = None
        self._values: dict[str, str] = {}

    def write(self, key: str, value: str, token: int) -> None:
        with self._guard:
            if self._highest is not None and token < self._highest:
                raise StaleTokenError(f"{token} < {self._highest}")
            self._highest = token
            self._values[key] = value

    def read(self, key: str) -> str | None:
        with self._guard:
            return self._values.get(key)


class LeaderElector:
    def __init__(
        self, client: redis.Redis, name: str, lease_ms: int = 5_000, clock: Clock | None = None
    ) -> None:
        self._lock = RedisLock(client, name, lease_ms)
        self._lease_ms = lease_ms
        self._clock = clock if clock is not None else time.monotonic
        self._valid_until_ms: float | None = None

    def _now_ms(self) -> float:
        return self._clock() * 1000

    def campaign(self) -> bool:
        sent_ms = self._now_ms()
        try:
            if self._lock.fencing_token is not None:
                won = self._lock.extend()
            else:
                won = self._lock.acquire()
        except redis.ConnectionError:
            return self.is_leader()
        self._valid_until_ms = sent_ms + self._lease_ms if won else None
        return won

    def is_leader(self) -> bool:
        if self._valid_until_ms is None or self._lock.fencing_token is None:
            return False
        return self._now_ms() < self._valid_until_ms

    @property
    def term(self) -> int | None:
        return self._lock.fencing_token if self.is_leader() else None

    def resign(self) -> None:
        self._valid_until_ms = None
        self._lock.release()
