"""Mutant: every exception counts as a failure, whatever failure_types says.

category: edge
A burst of bad requests (ValueError, 404) opens the circuit on a healthy dependency.
"""

from __future__ import annotations

from reference import circuit_breaker as reference
from reference.circuit_breaker import CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]


class CircuitBreaker(reference.CircuitBreaker):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.failure_types = (BaseException,)
