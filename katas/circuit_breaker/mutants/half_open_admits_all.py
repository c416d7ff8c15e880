"""Mutant: half-open lets every call through instead of a bounded number of trials.

category: concurrency
A recovering dependency gets the whole backlog at once and falls over again.
"""

from __future__ import annotations

from reference import circuit_breaker as reference
from reference.circuit_breaker import OPEN, CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]


class CircuitBreaker(reference.CircuitBreaker):
    def _admit(self) -> int:
        with self._lock:
            now = self._clock()
            if self._current(now) == OPEN:
                raise CircuitOpenError(self._opened_at + self.reset_timeout - now)
            return self._epoch
