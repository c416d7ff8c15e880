"""Mutant: the dependency is still called while the circuit is open; only its answer is dropped.

category: example
The struggling dependency gets the full load, so the breaker protects nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reference import circuit_breaker as reference
from reference.circuit_breaker import CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]

P = ParamSpec("P")
T = TypeVar("T")


class CircuitBreaker(reference.CircuitBreaker):
    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return super().call(fn, *args, **kwargs)
        except CircuitOpenError:
            with contextlib.suppress(Exception):
                fn(*args, **kwargs)
            raise
