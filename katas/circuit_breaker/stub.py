"""Circuit breaker.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import threading  # noqa: F401 - the breaker is shared by every request thread
import time  # noqa: F401 - the default clock is time.monotonic
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
    """Stops calling a dependency that keeps failing, and lets it recover.

    - closed: calls go through. Each result is recorded with its time t and counts while
      now - t < window (at exactly `window` seconds old it is forgotten). When a counted
      failure brings the calls in the window to at least `min_calls` and the share of failures
      to at least `failure_rate`, the circuit opens.
    - open: `call` raises CircuitOpenError (retry_after = time left) without calling `fn`.
      `reset_timeout` seconds after the circuit opened, it becomes half-open.
    - half_open: at most `trial_calls` calls are let through (even from many threads at once);
      the others get CircuitOpenError with retry_after 0. A failed trial opens the circuit
      again (the timeout starts over); once `trial_calls` trials of the same half-open period
      have succeeded it closes, with an empty history.

    Only exceptions of `failure_types` count as failures; any other exception is raised to the
    caller and counts as a success (the dependency answered). A call started under an earlier
    state (before the circuit opened, say) does not count when it finishes. `fn` must not be called
    while holding a lock: a slow call must not block the other callers.

    `clock` returns seconds; None means `time.monotonic`, looked up when the breaker is created.
    Raise ValueError unless 0 < failure_rate <= 1, min_calls >= 1, trial_calls >= 1, window > 0
    and reset_timeout > 0.
    """

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
        raise NotImplementedError

    @property
    def state(self) -> str:
        """ "closed", "open" or "half_open", as of now (an open circuit whose timeout has passed
        is half-open). Safe to read while other threads call: never a state half-way through a
        change."""
        raise NotImplementedError

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Return `fn(*args, **kwargs)` (or raise its exception) if the circuit lets the call
        through; otherwise raise CircuitOpenError without calling `fn`."""
        raise NotImplementedError
