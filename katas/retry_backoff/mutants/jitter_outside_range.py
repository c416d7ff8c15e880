"""Mutant: the jitter is added on top of the ceiling instead of drawn below it.

category: property
Waits reach one and a half times min(cap, base * 2**k).
"""

from __future__ import annotations

from reference.retry_backoff import HTTPError, Retry, is_retryable

__all__ = ["HTTPError", "Retry", "is_retryable"]


class Retry(Retry):  # type: ignore[no-redef]
    def backoff(self, retry: int) -> float:
        ceiling = min(self.cap, self.base * 2.0**retry)
        return ceiling / 2 + ceiling * self._rand()
