"""Mutant: the backoff grows without the cap.

category: property
Waits double forever, so a long outage makes clients wait for hours.
"""

from __future__ import annotations

from reference.retry_backoff import HTTPError, Retry, is_retryable

__all__ = ["HTTPError", "Retry", "is_retryable"]


class Retry(Retry):  # type: ignore[no-redef]
    def backoff(self, retry: int) -> float:
        return self.base * 2.0**retry * self._rand()
