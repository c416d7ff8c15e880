"""Mutant: max_attempts is read as the number of retries, so one call too many is made.

category: example
"""

from __future__ import annotations

from reference import retry_backoff as reference
from reference.retry_backoff import HTTPError, is_retryable

__all__ = ["HTTPError", "Retry", "is_retryable"]


class Retry(reference.Retry):
    def __init__(self, max_attempts: int = 5, *args: object, **kwargs: object) -> None:
        super().__init__(max_attempts + 1, *args, **kwargs)  # type: ignore[arg-type]
