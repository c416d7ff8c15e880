"""Sliding window rate limiters: an exact log and a weighted two-window counter.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import time  # noqa: F401 - the default clock is time.monotonic
from collections.abc import Callable

Clock = Callable[[], float]


class SlidingWindowLog:
    """At most `limit` admitted requests in any span of `window` seconds, exactly.

    A request admitted at time t counts while now - t < window: at exactly t + window it no longer
    does. Rejected requests are not recorded. Memory stays O(limit): timestamps that left the
    window are dropped. `clock` returns seconds; None means `time.monotonic`, looked up when the
    limiter is created. Raise ValueError for a limit or window that is not positive.
    Amortised O(1) per call. Safe to call from many threads at once, reads included.
    """

    def __init__(self, limit: int, window: float, clock: Clock | None = None) -> None:
        raise NotImplementedError

    def acquire(self) -> bool:
        """Admit (and record) the request if fewer than `limit` were admitted in the window."""
        raise NotImplementedError

    def retry_after(self) -> float:
        """Seconds until acquire() would succeed: 0.0 now, else until the oldest one leaves.

        Never negative: timestamps that already left the window count for nothing.
        """
        raise NotImplementedError

    def __len__(self) -> int:
        """Timestamps currently held."""
        raise NotImplementedError


class SlidingWindowCounter:
    """An O(1)-memory approximation: two counters, for the current and the previous window.

    Windows are aligned: window k covers [k * window, (k + 1) * window). The estimate for the
    span ending now is current + previous * (the fraction of the previous window still in that
    span). A request is admitted only if estimate + 1 <= limit, then counted in the current window.
    A window that is not the one just before the current one counts as 0.
    Raise ValueError for a limit or window that is not positive. O(1) per call and in memory.
    Safe to call from many threads at once, estimate() included.
    """

    def __init__(self, limit: int, window: float, clock: Clock | None = None) -> None:
        raise NotImplementedError

    def acquire(self) -> bool:
        raise NotImplementedError

    def estimate(self) -> float:
        """The weighted count for the window ending now (takes nothing)."""
        raise NotImplementedError
