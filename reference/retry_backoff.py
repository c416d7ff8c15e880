"""Retry with capped exponential backoff, full jitter, a deadline and HTTP-aware classification."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

Clock = Callable[[], float]
Sleep = Callable[[float], None]
Rand = Callable[[], float]


class HTTPError(Exception):
    """A response with an error status; `retry_after` is the server's Retry-After in seconds."""

    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def is_retryable(error: BaseException) -> bool:
    """Transient failures only: a retried 400 fails the same way again, and a retried bug too."""
    if isinstance(error, HTTPError):
        return error.status == 429 or 500 <= error.status <= 599
    return isinstance(error, TimeoutError | ConnectionError)


class Retry:
    def __init__(
        self,
        max_attempts: int = 5,
        base: float = 0.1,
        cap: float = 10.0,
        deadline: float | None = None,
        *,
        sleep: Sleep | None = None,
        rand: Rand | None = None,
        clock: Clock | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {max_attempts}")
        if base <= 0 or cap <= 0:
            raise ValueError(f"base and cap must be positive, got {base=} {cap=}")
        if deadline is not None and deadline <= 0:
            raise ValueError(f"deadline must be positive, got {deadline}")
        self.max_attempts = max_attempts
        self.base = base
        self.cap = cap
        self.deadline = deadline
        # Looked up now, not at import, so tests that patch the time module are honoured.
        self._sleep = sleep or time.sleep
        self._rand = rand or random.random
        self._clock = clock or time.monotonic

    def backoff(self, retry: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**retry)]; the cap bounds the exponent."""
        # The exponent is bounded too: 2.0**retry overflows a float long before attempts run out.
        ceiling = min(self.cap, self.base * 2.0 ** min(retry, 1000))
        return ceiling * self._rand()

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        start = self._clock()
        for attempt in range(self.max_attempts):
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                if not is_retryable(error) or attempt == self.max_attempts - 1:
                    raise
                # The server knows when it will be ready: its Retry-After replaces our guess.
                if isinstance(error, HTTPError) and error.retry_after is not None:
                    delay = max(0.0, error.retry_after)
                else:
                    delay = self.backoff(attempt)
                # Elapsed time includes the calls themselves, not just our sleeps. A wait that
                # would end past the deadline is pointless: give up now with the real error.
                if self.deadline is not None and self._clock() - start + delay > self.deadline:
                    raise
                self._sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")
