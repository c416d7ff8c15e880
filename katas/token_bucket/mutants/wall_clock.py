"""Mutant: the default clock is the wall clock (time.time) instead of a monotonic one.

category: clock
An NTP step of the wall clock mints or destroys tokens.
"""

from __future__ import annotations

import time

from reference import token_bucket as reference

__all__ = ["KeyedLimiter", "TokenBucket"]


class TokenBucket(reference.TokenBucket):
    def __init__(self, capacity: float, rate: float, clock: reference.Clock | None = None) -> None:
        super().__init__(capacity, rate, clock or time.time)


class KeyedLimiter(reference.KeyedLimiter):
    pass
