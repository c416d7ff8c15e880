"""An absolute give-up time, a ceiling found by logarithm, and classification by pattern matching.

Instead of comparing elapsed time with the budget, `call()` computes the instant it must give up
(`start + deadline`) and refuses any wait that would end after it. The backoff ceiling knows from
log2(cap / base) at which retry the cap is reached, so no power of two is ever computed past it.
"""

from __future__ import annotations

import math
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
    def __init__(self, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def is_retryable(error: BaseException) -> bool:
    match error:
        case HTTPError(status=429):
            return True
        case HTTPError(status=status):
            return 500 <= status < 600
        case TimeoutError() | ConnectionError():
            return True
        case _:
            return False


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
        if max_attempts < 1 or not base > 0 or not cap > 0:
            raise ValueError("max_attempts must be >= 1; base and cap positive")
        if deadline is not None and not deadline > 0:
            raise ValueError("deadline must be positive")
        self._attempts = max_attempts
        self._base = base
        self._cap = cap
        self._deadline = deadline
        self._sleep = sleep if sleep is not None else time.sleep
        self._rand = rand if rand is not None else random.random
        self._clock = clock if clock is not None else time.monotonic
        # From this retry on, base * 2**retry is at least the cap.
        self._capped_from = max(0, math.ceil(math.log2(cap / base)))

    def backoff(self, retry: int) -> float:
        if retry >= self._capped_from:
            ceiling = self._cap
        else:
            ceiling = min(self._cap, self._base * 2**retry)
        return self._rand() * ceiling

    def _wait_for(self, error: Exception, retry: int) -> float:
        if isinstance(error, HTTPError) and error.retry_after is not None:
            return error.retry_after if error.retry_after > 0 else 0.0
        return self.backoff(retry)

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        give_up_at = None if self._deadline is None else self._clock() + self._deadline
        retry = 0
        while True:
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                if retry + 1 >= self._attempts or not is_retryable(error):
                    raise
                wait = self._wait_for(error, retry)
                if give_up_at is not None and self._clock() + wait > give_up_at:
                    raise
                self._sleep(wait)
                retry += 1
