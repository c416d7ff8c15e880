"""Single flight on concurrent.futures.Future: the leader settles a Future that waiters block on.

One lock guards a dict from key to its flight (a Future and a count of callers). The leader runs
fn outside the lock, forgets the key, then sets the Future's result or exception; a waiter's
`future.result()` blocks without a timeout and re-raises the leader's exception.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class _Flight:
    __slots__ = ("callers", "future")

    def __init__(self) -> None:
        self.future: Future[Any] = Future()
        self.callers = 1


class SingleFlight(Generic[K]):
    def __init__(self) -> None:
        self._flights: dict[K, _Flight] = {}
        self._lock = threading.Lock()

    def do(self, key: K, fn: Callable[[], T]) -> T:
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None:
                flight.callers += 1
                leader = False
            else:
                flight = self._flights[key] = _Flight()
                leader = True
        if not leader:
            waited: T = flight.future.result()  # no timeout: the flight always settles
            return waited
        try:
            value = fn()
        except BaseException as exc:
            self._forget(key)
            flight.future.set_exception(exc)
            raise
        self._forget(key)
        flight.future.set_result(value)
        return value

    def _forget(self, key: K) -> None:
        with self._lock:
            del self._flights[key]

    def callers(self, key: K) -> int:
        with self._lock:
            flight = self._flights.get(key)
            return flight.callers if flight is not None else 0
