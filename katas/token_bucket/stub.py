"""Token bucket rate limiter.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import time  # noqa: F401 - the default clock is time.monotonic
from collections.abc import Callable, Hashable

Clock = Callable[[], float]


class TokenBucket:
    """A bucket of `capacity` tokens refilled at `rate` tokens per second.

    `clock` returns seconds; None means `time.monotonic`, looked up when the bucket is created.
    Raise ValueError for a capacity or rate that is not positive.

    A clock that steps back mints nothing: after a step back, no token is minted until the clock
    passes the latest reading seen before it. Safe to call from many threads at once.
    """

    def __init__(self, capacity: float, rate: float, clock: Clock | None = None) -> None:
        raise NotImplementedError

    def acquire(self, n: float = 1) -> bool:
        """Take `n` tokens if they are all there and return True; otherwise take none, False.

        Raise ValueError for an `n` that is not positive.
        """
        raise NotImplementedError

    def retry_after(self, n: float = 1) -> float:
        """Seconds until `acquire(n)` would succeed (0.0 if now, math.inf if never). Takes none.

        Raise ValueError for an `n` that is not positive.

        After the clock steps back, this includes the time until it passes its latest reading.
        """
        raise NotImplementedError


class KeyedLimiter:
    """One TokenBucket per key (a user id, an API key), same capacity and rate for all.

    Buckets left idle long enough to be full again must be dropped, so memory stays bounded by
    the keys active recently, not every key ever seen. `len()` is the number of buckets held.
    Idleness is measured from the latest clock reading seen: a clock stepping back neither renews
    nor drops a bucket early. O(1) amortised per call, however many keys are held.
    """

    def __init__(self, capacity: float, rate: float, clock: Clock | None = None) -> None:
        raise NotImplementedError

    def acquire(self, key: Hashable, n: float = 1) -> bool:
        raise NotImplementedError

    def retry_after(self, key: Hashable, n: float = 1) -> float:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError
