"""Mutant: the reset timeout is measured from the first failure in the window, not from the trip.

category: clock
When failures build up slowly, the circuit half-opens almost as soon as it opens.
"""

from __future__ import annotations

from reference import circuit_breaker as reference
from reference.circuit_breaker import OPEN, CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]


class CircuitBreaker(reference.CircuitBreaker):
    def _enter(self, state: str, now: float) -> None:
        first = next((at for at, failed in self._outcomes if failed), now)
        super()._enter(state, now)
        if state == OPEN:
            self._opened_at = first
