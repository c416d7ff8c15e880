"""lru_cache and ttl_lru_cache against cachetools, and functools.lru_cache as the C limit.

The workload is memoisation: look a key up, and on a miss compute the value and store it. Keys
come from a hot set that mostly fits the cache and a cold tail that does not, so the run mixes
hits, misses and evictions. Every side is an exact LRU, so all count the same misses.
"""

from __future__ import annotations

import functools
import random
import threading
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

CAPACITY = 1_000
OPS = 60_000
TTL = 1_500.5  # in clock ticks, one tick per operation; the half avoids ties with the clock


def _keys(seed: int = SEED) -> list[int]:
    rng = random.Random(seed)
    return [
        rng.randrange(800) if rng.random() < 0.8 else 800 + rng.randrange(8_000) for _ in range(OPS)
    ]


def _compute(key: int) -> int:
    return key * 2 + 1  # never None, so `get() is None` means a miss


def _memoise_get_put(get: Any, put: Any, keys: list[int]) -> int:
    misses = 0
    for key in keys:
        value = get(key)
        if value is None:
            misses += 1
            put(key, _compute(key))
    return misses


class _Clock:
    """A clock the workload sets: both sides see the same time at the same operation."""

    __slots__ = ("now",)

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _memoise_timed(get: Any, put: Any, clock: _Clock, keys: list[int]) -> int:
    misses = 0
    for tick, key in enumerate(keys):
        clock.now = tick
        value = get(key)
        if value is None:
            misses += 1
            put(key, _compute(key))
    return misses


def _memoise_locked(get: Any, put: Any, keys: list[int]) -> int:
    """The same, thread-safe the way cachetools documents it: a lock held around each call."""
    lock = threading.Lock()
    misses = 0
    for key in keys:
        with lock:
            value = get(key)
        if value is None:
            misses += 1
            value = _compute(key)
            with lock:
                put(key, value)
    return misses


def _reference_lru(keys: list[int]) -> Any:
    reference = load_reference("lru_cache")

    def setup() -> Run:
        cache = reference.LRUCache(CAPACITY)
        return lambda: _memoise_get_put(cache.get, cache.put, keys)

    return setup


def lru_cache() -> list[Entry]:
    keys = _keys()

    def against_cachetools() -> list[Entry]:
        ref = _reference_lru(keys)
        cachetools = load_library("cachetools", "cachetools")

        def lib() -> Run:
            cache = cachetools.LRUCache(CAPACITY)
            return lambda: _memoise_get_put(cache.get, cache.__setitem__, keys)

        def locked() -> Run:
            cache = cachetools.LRUCache(CAPACITY)
            return lambda: _memoise_locked(cache.get, cache.__setitem__, keys)

        why = (
            "cachetools.LRUCache is not thread-safe and keeps recency in a C OrderedDict; the "
            "reference takes a lock per call (a graded part) and relinks its own nodes in Python. "
            "With the lock cachetools documents, cachetools is slower (the + Lock row)."
        )
        return [
            Comparison(
                "lru_cache",
                "cachetools.LRUCache",
                OPS,
                ref,
                lib,
                same_result=True,
                note="memoise: get, put on a miss",
                why=why,
            ),
            Comparison(
                "lru_cache",
                "cachetools.LRUCache + Lock",
                OPS,
                ref,
                locked,
                same_result=True,
                note="the same, a threading.Lock around each cachetools call",
            ),
        ]

    def against_functools() -> list[Entry]:
        ref = _reference_lru(keys)

        def lib() -> Run:
            cached = functools.lru_cache(maxsize=CAPACITY)(_compute)

            def run() -> int:
                for key in keys:
                    cached(key)
                return cached.cache_info().misses

            return run

        why = (
            "functools.lru_cache is C, relies on the GIL instead of a lock and memoises in one "
            "call; the reference makes a Python method call per get and per put, each taking a "
            "threading.Lock, and links node objects in Python: the list is the kata's point."
        )
        note = "memoise; target: within 3x of the C limit"
        return [
            Comparison(
                "lru_cache",
                "functools.lru_cache",
                OPS,
                ref,
                lib,
                same_result=True,
                target=1 / 3,
                note=note,
                why=why,
            )
        ]

    return [
        *collect("lru_cache", "cachetools.LRUCache", against_cachetools),
        *collect("lru_cache", "functools.lru_cache", against_functools),
    ]


def ttl_lru_cache() -> list[Entry]:
    def build() -> list[Entry]:
        reference = load_reference("ttl_lru_cache")
        cachetools = load_library("cachetools", "cachetools")
        keys = _keys(SEED + 1)

        def ref() -> Run:
            clock = _Clock()
            cache = reference.TTLCache(CAPACITY, TTL, clock=clock)
            return lambda: _memoise_timed(cache.get, cache.put, clock, keys)

        def lib() -> Run:
            clock = _Clock()
            cache = cachetools.TTLCache(CAPACITY, TTL, timer=clock)
            return lambda: _memoise_timed(cache.get, cache.__setitem__, clock, keys)

        return [
            Comparison(
                "ttl_lru_cache",
                "cachetools.TTLCache",
                OPS,
                ref,
                lib,
                same_result=True,
                note="memoise with expiry; a clock tick per operation",
            )
        ]

    return collect("ttl_lru_cache", "cachetools.TTLCache", build)


def comparisons() -> list[Entry]:
    return [*lru_cache(), *ttl_lru_cache()]
