"""Mutant: the deadline is accepted and never checked.

category: clock
A failing dependency keeps the caller sleeping long after its budget ran out.
"""

from __future__ import annotations

from reference import retry_backoff as reference
from reference.retry_backoff import HTTPError, is_retryable

__all__ = ["HTTPError", "Retry", "is_retryable"]


class Retry(reference.Retry):
    def __init__(self, *args: object, deadline: float | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
