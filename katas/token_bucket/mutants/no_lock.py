"""Mutant: no lock around refill, check and take.

category: concurrency
Threads read the same token count and all take from it.
"""

from __future__ import annotations

from contextlib import nullcontext

from reference import token_bucket as reference

__all__ = ["KeyedLimiter", "TokenBucket"]


class TokenBucket(reference.TokenBucket):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lock = nullcontext()  # type: ignore[assignment]


class KeyedLimiter(reference.KeyedLimiter):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lock = nullcontext()  # type: ignore[assignment]
