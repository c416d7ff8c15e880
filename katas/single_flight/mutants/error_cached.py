"""Mutant: a failed call stays in the dict, so later callers get the old exception forever.

category: failure
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from reference.single_flight import SingleFlight as _Reference
from reference.single_flight import _Call

__all__ = ["SingleFlight"]


class SingleFlight(_Reference[Hashable]):
    def _run(self, key: Any, call: _Call, fn: Callable[[], Any]) -> None:
        try:
            call.value = fn()
        except BaseException as exc:
            call.error = exc
            call.done.set()  # woken, but the failed call is left in the dict
            return
        with self._lock:
            del self._calls[key]
        call.done.set()
