"""Mutant: no lock around prune, check and record.

category: concurrency
Threads see the same count and all record themselves.
"""

from __future__ import annotations

from contextlib import nullcontext

from reference import sliding_window_limiter as reference

__all__ = ["SlidingWindowCounter", "SlidingWindowLog"]


class SlidingWindowLog(reference.SlidingWindowLog):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._lock = nullcontext()


class SlidingWindowCounter(reference.SlidingWindowCounter):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._lock = nullcontext()
