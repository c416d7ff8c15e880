"""Mutant: failures are counted forever: never aged out of the window, never cleared on close.

category: clock
A few failures long ago, or the ones that opened the circuit last time, trip it again.
"""

from __future__ import annotations

from reference import circuit_breaker as reference
from reference.circuit_breaker import OPEN, CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]


class CircuitBreaker(reference.CircuitBreaker):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.window = float("inf")

    def _enter(self, state: str, now: float) -> None:
        self._state = state
        self._epoch += 1
        self._trials = self._successes = 0
        if state == OPEN:
            self._opened_at = now
