"""Mutant: only the leader sees the exception; the waiters return None as if it had succeeded.

category: failure
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from reference.single_flight import SingleFlight as _Reference

__all__ = ["SingleFlight"]

T = TypeVar("T")


class SingleFlight(_Reference[Hashable]):
    def do(self, key: Any, fn: Callable[[], T]) -> T:
        call, leader = self._join(key)
        if leader:
            self._run(key, call, fn)
            result: T = call.outcome()
            return result
        call.done.wait()
        value: T = call.value
        return value
