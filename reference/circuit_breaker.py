"""Circuit breaker: failure rate over a sliding time window, fail fast, bounded half-open trials."""

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
    """Raised instead of calling the dependency; `retry_after`: seconds until a trial is let in."""

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
        if not 0 < failure_rate <= 1:
            raise ValueError(f"failure_rate must be in (0, 1], got {failure_rate}")
        if min_calls < 1 or trial_calls < 1:
            raise ValueError(
                f"min_calls and trial_calls must be >= 1, got {min_calls=} {trial_calls=}"
            )
        if window <= 0 or reset_timeout <= 0:
            raise ValueError(
                f"window and reset_timeout must be positive, got {window=} {reset_timeout=}"
            )
        self.failure_rate = failure_rate
        self.min_calls = min_calls
        self.window = window
        self.reset_timeout = reset_timeout
        self.trial_calls = trial_calls
        self.failure_types = failure_types
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._state = CLOSED
        self._outcomes: deque[tuple[float, bool]] = deque()  # (time, failed), oldest first
        self._failures = 0
        self._opened_at = 0.0
        self._trials = 0  # trial calls let in during this half-open period
        self._successes = 0
        # Bumped on every state change: a call started under an older state reports into the void,
        # so a slow success from before the trip can never close the circuit.
        self._epoch = 0

    def _enter(self, state: str, now: float) -> None:
        self._state = state
        self._epoch += 1
        self._outcomes.clear()  # a new state starts with a clean history
        self._failures = self._trials = self._successes = 0
        if state == OPEN:
            self._opened_at = now  # the timeout runs from the trip, not from the first failure

    def _current(self, now: float) -> str:
        if self._state == OPEN and now - self._opened_at >= self.reset_timeout:
            self._enter(HALF_OPEN, now)
        return self._state

    @property
    def state(self) -> str:
        """ "closed", "open" or "half_open", as of now."""
        with self._lock:
            return self._current(self._clock())

    def _admit(self) -> int:
        with self._lock:
            now = self._clock()
            state = self._current(now)
            if state == OPEN:
                raise CircuitOpenError(self._opened_at + self.reset_timeout - now)
            if state == HALF_OPEN:
                # Check and increment under one lock: otherwise a herd of callers all see a free
                # slot and the recovering dependency gets the full load at once.
                if self._trials >= self.trial_calls:
                    raise CircuitOpenError(0.0)
                self._trials += 1
            return self._epoch

    def _record(self, epoch: int, failed: bool) -> None:
        with self._lock:
            if epoch != self._epoch:
                return
            now = self._clock()
            if self._state == HALF_OPEN:
                if failed:
                    self._enter(OPEN, now)
                else:
                    self._successes += 1
                    if self._successes >= self.trial_calls:
                        self._enter(CLOSED, now)
                return
            self._outcomes.append((now, failed))
            self._failures += failed
            while self._outcomes[0][0] <= now - self.window:
                self._failures -= self._outcomes.popleft()[1]
            calls = len(self._outcomes)
            if failed and calls >= self.min_calls and self._failures / calls >= self.failure_rate:
                self._enter(OPEN, now)

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        epoch = self._admit()
        # The dependency is called outside the lock: a slow call must not block the others.
        try:
            result = fn(*args, **kwargs)
        except self.failure_types:
            self._record(epoch, failed=True)
            raise
        except BaseException:
            # Any other exception means the dependency answered (a 404, a validation error).
            self._record(epoch, failed=False)
            raise
        self._record(epoch, failed=False)
        return result
