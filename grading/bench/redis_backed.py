"""redis_rate_limiter and distributed_lock vs limits and redis-py Lock, on one fakeredis server.

Both sides talk to the same in-process fakeredis server, each through a client of its own, so the
numbers are dominated by fakeredis (and its Lua interpreter); they compare round trips and scripts
per decision, not network latency. limits takes a fakeredis client through its connection_pool
argument.
"""

from __future__ import annotations

import functools
import random
from typing import Any

from grading.bench.measure import (
    SEED,
    Comparison,
    Entry,
    Run,
    collect,
    load_library,
    load_reference,
)

RATE_OPS = 600
LOCK_OPS = 400
CLIENTS = 50


def _server() -> tuple[Any, Any]:
    """A fresh fakeredis server and a factory of clients connected to it."""
    fakeredis = load_library("fakeredis", "fakeredis[lua]")
    server = fakeredis.FakeServer()
    return server, functools.partial(fakeredis.FakeRedis, server=server)


def redis_rate_limiter() -> list[Entry]:
    library = "limits FixedWindow, Redis storage"

    def build() -> list[Entry]:
        reference = load_reference("redis_rate_limiter")
        limits = load_library("limits", "limits")
        from limits.storage import RedisStorage
        from limits.strategies import FixedWindowRateLimiter

        rng = random.Random(SEED + 20)
        keys = [f"client-{rng.randrange(CLIENTS)}" for _ in range(RATE_OPS)]
        item = limits.RateLimitItemPerSecond(20, 1)

        def ref() -> Run:
            _, client = _server()
            limiter = reference.RedisRateLimiter(client(), capacity=20, rate=20)

            def run() -> int:
                acquire = limiter.acquire
                return sum(acquire(key).allowed for key in keys)

            return run

        def lib() -> Run:
            _, client = _server()
            storage = RedisStorage("redis://fakeredis", connection_pool=client().connection_pool)
            hit = functools.partial(FixedWindowRateLimiter(storage).hit, item)

            def run() -> int:
                return sum(hit(key) for key in keys)

            return run

        note = f"acquire(key), {CLIENTS} clients: one Lua script each side; limits has no bucket"
        why = (
            "limits' fixed window is one counter (INCRBY, EXPIRE); a token bucket keeps two fields "
            "and a refill (HMGET, HSET, PEXPIRE), and on fakeredis every redis.call inside a "
            "script is a Python round trip. On a real server both are one round trip a decision."
        )
        return [Comparison("redis_rate_limiter", library, RATE_OPS, ref, lib, note=note, why=why)]

    return collect("redis_rate_limiter", library, build)


def distributed_lock() -> list[Entry]:
    library = "redis-py Lock"

    def build() -> list[Entry]:
        reference = load_reference("distributed_lock")
        names = [f"lock-{i}" for i in range(10)]

        def ref() -> Run:
            _, client = _server()
            locks = [reference.RedisLock(client(), name, ttl_ms=10_000) for name in names]

            def run() -> int:
                held = 0
                for i in range(LOCK_OPS):
                    lock = locks[i % len(locks)]
                    held += lock.acquire()
                    lock.release()
                return held

            return run

        def lib() -> Run:
            _, client = _server()
            redis_client = client()
            locks = [redis_client.lock(name, timeout=10, blocking=False) for name in names]

            def run() -> int:
                held = 0
                for i in range(LOCK_OPS):
                    lock = locks[i % len(locks)]
                    held += lock.acquire()
                    lock.release()
                return held

            return run

        note = "acquire + release; the reference also issues a fencing token (INCR) in a script"
        why = (
            "redis-py acquires with a plain SET NX PX; the reference's acquire is a script that "
            "also increments the fencing token (what protects the resource from a paused "
            "holder), and on fakeredis a script costs more than a command."
        )
        return [
            Comparison("distributed_lock", library, LOCK_OPS, ref, lib, True, note=note, why=why)
        ]

    return collect("distributed_lock", library, build)


def comparisons() -> list[Entry]:
    return [*redis_rate_limiter(), *distributed_lock()]
