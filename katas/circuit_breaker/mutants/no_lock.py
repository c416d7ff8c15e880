"""Mutant: no lock around the breaker's state.

category: concurrency
Threads arriving together at a half-open circuit all see a free trial slot and all go through.
"""

from __future__ import annotations

from contextlib import nullcontext

from reference import circuit_breaker as reference
from reference.circuit_breaker import CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]


class CircuitBreaker(reference.CircuitBreaker):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lock = nullcontext()  # type: ignore[assignment]
