"""circuit_breaker against pybreaker, retry_backoff against tenacity: the cost of the wrapper.

A breaker and a retry policy wrap every call to a dependency, so what they add to a call that
succeeds (or fails without tripping anything) is what matters in production.
"""

from __future__ import annotations

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

BREAKER_OPS = 30_000
RETRY_OPS = 10_000
FAILURE_SHARE = 0.05  # well below both breakers' thresholds: nothing trips


class _DependencyError(Exception):
    pass


def _ok() -> int:
    return 1


def _fail() -> int:
    raise _DependencyError


def _outcomes() -> list[Any]:
    rng = random.Random(SEED + 30)
    return [_fail if rng.random() < FAILURE_SHARE else _ok for _ in range(BREAKER_OPS)]


def _failures(call: Any, calls: list[Any]) -> int:
    failures = 0
    for fn in calls:
        try:
            call(fn)
        except _DependencyError:
            failures += 1
    return failures


def circuit_breaker() -> list[Entry]:
    def build() -> list[Entry]:
        reference = load_reference("circuit_breaker")
        pybreaker = load_library("pybreaker", "pybreaker")
        calls = _outcomes()

        def ref() -> Run:
            breaker = reference.CircuitBreaker(failure_rate=0.5, min_calls=10, window=60.0)
            return lambda: _failures(breaker.call, calls)

        def lib() -> Run:
            breaker = pybreaker.CircuitBreaker(fail_max=10, reset_timeout=30)
            return lambda: _failures(breaker.call, calls)

        note = f"closed breaker, {FAILURE_SHARE:.0%} of calls fail; nothing trips"
        return [Comparison("circuit_breaker", "pybreaker", BREAKER_OPS, ref, lib, True, note=note)]

    return collect("circuit_breaker", "pybreaker", build)


def retry_backoff() -> list[Entry]:
    def build() -> list[Entry]:
        reference = load_reference("retry_backoff")
        tenacity = load_library("tenacity", "tenacity")

        def ref() -> Run:
            policy = reference.Retry(max_attempts=5, base=0.1, cap=10.0)

            def run() -> int:
                call = policy.call
                return sum(call(_ok) for _ in range(RETRY_OPS))

            return run

        def lib() -> Run:
            retrying = tenacity.Retrying(
                stop=tenacity.stop_after_attempt(5),
                wait=tenacity.wait_random_exponential(multiplier=0.1, max=10.0),
                retry=tenacity.retry_if_exception(reference.is_retryable),
                reraise=True,
            )

            def run() -> int:
                return sum(retrying(_ok) for _ in range(RETRY_OPS))

            return run

        note = "overhead on first-try success: 5 attempts, capped full-jitter backoff"
        return [Comparison("retry_backoff", "tenacity", RETRY_OPS, ref, lib, True, note=note)]

    return collect("retry_backoff", "tenacity", build)


def comparisons() -> list[Entry]:
    return [*circuit_breaker(), *retry_backoff()]
