"""Mutant: the leader wakes the waiters only when fn succeeds; on an exception they wait forever.

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
            call.done.set()
        except BaseException as exc:
            call.error = exc
        finally:
            with self._lock:
                del self._calls[key]
