"""Mutant: the lock is held while the dependency is called.

category: concurrency
Every caller queues behind one slow call, which is the outage the breaker was meant to prevent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from reference import circuit_breaker as reference
from reference.circuit_breaker import CircuitOpenError

__all__ = ["CircuitBreaker", "CircuitOpenError"]

P = ParamSpec("P")
T = TypeVar("T")


class CircuitBreaker(reference.CircuitBreaker):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._call_lock = threading.RLock()

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self._call_lock:
            return super().call(fn, *args, **kwargs)
