"""Mutant: a successful call is never removed, so its result is served forever (a cache, not a
single flight).

category: example
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
            with self._lock:
                del self._calls[key]
        call.done.set()
