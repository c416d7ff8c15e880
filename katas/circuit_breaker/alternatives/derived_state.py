"""Half-open is derived, not stored: reads never change anything, and calls carry a generation.

The breaker stores only when it opened (None while closed); "half_open" is computed on every
read as "open for at least reset_timeout". Each trip or close starts a new generation; an
admitted call carries the generation it was admitted in (and whether it is a trial), so results
from an older generation are dropped. The window is two parallel deques (times, failure flags)
with a running failure count.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

Clock = Callable[[], float]

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half_open"


class CircuitOpenError(Exception):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"circuit open, retry in {retry_after:.3f}s")
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(
        self,
        failure_rate: float = 0.5,
        min_calls: int = 10,
        window: float = 60.0,
        reset_timeout: float = 30.0,
        trial_calls: int = 1,
        failure_types: tuple[type[BaseException], ...] = (Exception,),
        clock: Clock | None = None,
    ) -> None:
        if not (0 < failure_rate <= 1 and min_calls >= 1 and trial_calls >= 1):
            raise ValueError("need 0 < failure_rate <= 1, min_calls >= 1, trial_calls >= 1")
        if not (window > 0 and reset_timeout > 0):
            raise ValueError("window and reset_timeout must be positive")
        self._rate = failure_rate
        self._min_calls = min_calls
        self._window = window
        self._reset = reset_timeout
        self._trial_calls = trial_calls
        self._failure_types = failure_types
        self._clock = clock if clock is not None else time.monotonic
        self._lock = threading.Lock()
        self._opened_at: float | None = None
        self._generation = 0
        self._trials_started = 0
        self._trials_ok = 0
        self._times: deque[float] = deque()
        self._flags: deque[bool] = deque()
        self._failed = 0

    def _derive(self, now: float) -> str:
        if self._opened_at is None:
            return CLOSED
        return HALF_OPEN if now - self._opened_at >= self._reset else OPEN

    @property
    def state(self) -> str:
        with self._lock:
            return self._derive(self._clock())

    def _new_generation(self, opened_at: float | None) -> None:
        self._opened_at = opened_at
        self._generation += 1
        self._trials_started = self._trials_ok = 0
        self._times.clear()
        self._flags.clear()
        self._failed = 0

    def _admit(self) -> tuple[int, bool]:
        with self._lock:
            now = self._clock()
            state = self._derive(now)
            if state == CLOSED:
                return self._generation, False
            if state == OPEN:
                assert self._opened_at is not None
                raise CircuitOpenError(self._opened_at + self._reset - now)
            if self._trials_started >= self._trial_calls:
                raise CircuitOpenError(0.0)
            self._trials_started += 1
            return self._generation, True

    def _finish(self, generation: int, trial: bool, failed: bool) -> None:
        with self._lock:
            if generation != self._generation:
                return
            now = self._clock()
            if trial:
                if failed:
                    self._new_generation(now)
                else:
                    self._trials_ok += 1
                    if self._trials_ok >= self._trial_calls:
                        self._new_generation(None)
                return
            self._times.append(now)
            self._flags.append(failed)
            self._failed += failed
            while now - self._times[0] >= self._window:
                self._times.popleft()
                self._failed -= self._flags.popleft()
            calls = len(self._times)
            if failed and calls >= self._min_calls and self._failed / calls >= self._rate:
                self._new_generation(now)

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        generation, trial = self._admit()
        try:
            result = fn(*args, **kwargs)
        except self._failure_types:
            self._finish(generation, trial, failed=True)
            raise
        except BaseException:
            self._finish(generation, trial, failed=False)
            raise
        self._finish(generation, trial, failed=False)
        return result
