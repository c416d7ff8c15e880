"""Mutant: every HTTP error is retried, 4xx included.

category: failure
A 400 or a 404 is sent again and again and fails the same way each time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reference import retry_backoff as reference
from reference.retry_backoff import HTTPError

__all__ = ["HTTPError", "Retry", "is_retryable"]

P = ParamSpec("P")
T = TypeVar("T")


def is_retryable(error: BaseException) -> bool:
    return isinstance(error, HTTPError | TimeoutError | ConnectionError)


class Retry(reference.Retry):
    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        start = self._clock()
        for attempt in range(self.max_attempts):
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                if not is_retryable(error) or attempt == self.max_attempts - 1:
                    raise
                if isinstance(error, HTTPError) and error.retry_after is not None:
                    delay = error.retry_after
                else:
                    delay = self.backoff(attempt)
                if self.deadline is not None and self._clock() - start + delay > self.deadline:
                    raise
                self._sleep(delay)
        raise AssertionError("unreachable")
