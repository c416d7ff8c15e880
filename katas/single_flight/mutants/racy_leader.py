"""Mutant: the in-flight dict is read and written without the lock (check-then-act race).

category: concurrency
Callers arriving together each see no call in flight and each run fn.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from reference.single_flight import SingleFlight as _Reference
from reference.single_flight import _Call

__all__ = ["SingleFlight"]


class SingleFlight(_Reference[Hashable]):
    def _join(self, key: Any) -> tuple[_Call, bool]:
        call = self._calls.get(key)
        if call is not None:
            call.callers += 1
            return call, False
        call = _Call()
        self._calls[key] = call
        return call, True
