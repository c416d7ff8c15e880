"""Mutant: waiters of every key wait on one Condition with a bare wait() and no predicate loop, so
the end of another key's call wakes them and they return before their own call is done.

category: concurrency
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from reference.single_flight import SingleFlight as _Reference
from reference.single_flight import _Call

__all__ = ["SingleFlight"]

T = TypeVar("T")


class SingleFlight(_Reference[Hashable]):
    def __init__(self) -> None:
        super().__init__()
        self._finished = threading.Condition(self._lock)

    def _run(self, key: Any, call: _Call, fn: Callable[[], Any]) -> None:
        try:
            call.value = fn()
        except BaseException as exc:
            call.error = exc
        finally:
            with self._finished:
                del self._calls[key]
                call.done.set()
                self._finished.notify_all()

    def do(self, key: Any, fn: Callable[[], T]) -> T:
        call, leader = self._join(key)
        if leader:
            self._run(key, call, fn)
        else:
            with self._finished:
                if not call.done.is_set():
                    self._finished.wait()  # one wake-up, from whichever key finished
        result: T = call.outcome()
        return result
