"""Retry with exponential backoff and full jitter.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import random  # noqa: F401 - the default randomness is random.random
import time  # noqa: F401 - the default sleep is time.sleep, the default clock time.monotonic
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
    """True for transient failures: TimeoutError, ConnectionError (and subclasses), an HTTPError
    with status 429 or 5xx. False for every other HTTPError (4xx) and every other exception."""
    raise NotImplementedError


class Retry:
    """Calls a function until it succeeds, waiting longer and longer between attempts.

    `max_attempts` counts every call, the first included. `base` and `cap` are seconds.
    `deadline` (seconds, None for none) bounds the whole of one `call()`, measured on `clock`.
    `sleep(seconds)` waits, `rand()` returns a float in [0, 1), `clock()` returns seconds; None
    means `time.sleep`, `random.random` and `time.monotonic`, looked up when the Retry is created.
    Raise ValueError for max_attempts < 1, a base or cap that is not positive, or a deadline that
    is not positive.
    """

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
        raise NotImplementedError

    def backoff(self, retry: int) -> float:
        """The wait before retry number `retry` (0 for the first retry): full jitter, that is
        `rand()` times min(cap, base * 2**retry). Calls `rand()` once. Any retry >= 0 works,
        however large: 2**retry must not overflow a float on the way to the cap."""
        raise NotImplementedError

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Return `fn(*args, **kwargs)`, retrying retryable errors.

        - A non-retryable error is raised at once, without sleeping.
        - After a retryable error, sleep `backoff(retry)` and try again; an HTTPError that carries
          a `retry_after` is waited exactly that long instead (no jitter, no cap); a retry_after
          of 0 or less (a time already past) means a zero wait, never a negative one.
        - After `max_attempts` calls the last error is raised (no sleep after the last call).
        - With a deadline: if the wait would end more than `deadline` seconds after `call()`
          started (time spent inside `fn` counts), raise the last error now instead of sleeping.
          A wait ending exactly at the deadline is still taken.
        """
        raise NotImplementedError
