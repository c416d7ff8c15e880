"""Mutant: the deadline budget counts only the sleeps, not the time spent in the calls.

category: clock
A slow dependency (each call near its own timeout) overruns the deadline several times over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reference.retry_backoff import HTTPError, Retry, is_retryable

__all__ = ["HTTPError", "Retry", "is_retryable"]

P = ParamSpec("P")
T = TypeVar("T")


class Retry(Retry):  # type: ignore[no-redef]
    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        slept = 0.0
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
                if self.deadline is not None and slept + delay > self.deadline:
                    raise
                slept += delay
                self._sleep(delay)
        raise AssertionError("unreachable")
