"""token_bucket and sliding_window_limiter against limits with its in-memory storage.

limits reads the wall clock itself, so both sides run on the real clock over the same sequence of
callers; they admit different counts because the algorithms differ, not the work per decision.
limits has no token bucket: token_bucket is measured against its fixed window, the O(1) counter
closest in work per request.
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

OPS = 40_000
CLIENTS = 500
PER_CLIENT = 50  # requests per second per client


def _clients() -> list[str]:
    rng = random.Random(SEED + 10)
    return [f"client-{rng.randrange(CLIENTS)}" for _ in range(OPS)]


def _admitted(acquire: Any, keys: list[str]) -> int:
    admitted = 0
    for key in keys:
        if acquire(key):
            admitted += 1
    return admitted


def _admitted_one(acquire: Any, count: int) -> int:
    admitted = 0
    for _ in range(count):
        if acquire():
            admitted += 1
    return admitted


def _limits_setup(strategy: str, keys: list[str] | None, amount: int) -> Any:
    limits = load_library("limits", "limits")
    from limits.storage import MemoryStorage
    from limits.strategies import (
        FixedWindowRateLimiter,
        MovingWindowRateLimiter,
        SlidingWindowCounterRateLimiter,
    )

    strategies: dict[str, Any] = {
        "fixed": FixedWindowRateLimiter,
        "moving": MovingWindowRateLimiter,
        "counter": SlidingWindowCounterRateLimiter,
    }
    item = limits.RateLimitItemPerSecond(amount, 1)

    def setup() -> Run:
        limiter = strategies[strategy](MemoryStorage())
        hit = limiter.hit
        if keys is None:
            return lambda: _admitted_one(functools.partial(hit, item, "one"), OPS)
        return lambda: _admitted(functools.partial(hit, item), keys)

    return setup


def token_bucket() -> list[Entry]:
    def build() -> list[Entry]:
        reference = load_reference("token_bucket")
        keys = _clients()
        lib = _limits_setup("fixed", keys, PER_CLIENT)

        def ref() -> Run:
            limiter = reference.KeyedLimiter(PER_CLIENT, PER_CLIENT)
            return lambda: _admitted(limiter.acquire, keys)

        note = f"KeyedLimiter.acquire(key), {CLIENTS} clients; limits: fixed window (no bucket)"
        return [Comparison("token_bucket", "limits FixedWindow, memory", OPS, ref, lib, note=note)]

    return collect("token_bucket", "limits FixedWindow, memory", build)


def sliding_window_limiter() -> list[Entry]:
    limit = 1_000

    def log() -> list[Entry]:
        reference = load_reference("sliding_window_limiter")
        lib = _limits_setup("moving", None, limit)

        def ref() -> Run:
            limiter = reference.SlidingWindowLog(limit, 1.0)
            return lambda: _admitted_one(limiter.acquire, OPS)

        note = f"SlidingWindowLog.acquire(), {limit}/s, one caller"
        library = "limits MovingWindow, memory"
        return [Comparison("sliding_window_limiter", library, OPS, ref, lib, note=note)]

    def counter() -> list[Entry]:
        reference = load_reference("sliding_window_limiter")
        lib = _limits_setup("counter", None, limit)

        def ref() -> Run:
            limiter = reference.SlidingWindowCounter(limit, 1.0)
            return lambda: _admitted_one(limiter.acquire, OPS)

        note = f"SlidingWindowCounter.acquire(), {limit}/s, one caller"
        library = "limits SlidingWindowCounter, memory"
        return [Comparison("sliding_window_limiter", library, OPS, ref, lib, note=note)]

    return [
        *collect("sliding_window_limiter", "limits MovingWindow, memory", log),
        *collect("sliding_window_limiter", "limits SlidingWindowCounter, memory", counter),
    ]


def comparisons() -> list[Entry]:
    return [*token_bucket(), *sliding_window_limiter()]
