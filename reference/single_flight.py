"""Single flight: concurrent callers for one key share one computation (request coalescing)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class _Call:
    """One computation in flight, and the callers waiting for it."""

    __slots__ = ("callers", "done", "error", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None
        self.callers = 1

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class SingleFlight(Generic[K]):
    def __init__(self) -> None:
        self._calls: dict[K, _Call] = {}
        # Guards only the dict of calls, never a computation: different keys run in parallel.
        self._lock = threading.Lock()

    def _join(self, key: K) -> tuple[_Call, bool]:
        """The call in flight for `key` and whether this caller leads it (a check-then-act)."""
        with self._lock:
            call = self._calls.get(key)
            if call is not None:
                call.callers += 1
                return call, False
            call = self._calls[key] = _Call()
            return call, True

    def _run(self, key: K, call: _Call, fn: Callable[[], Any]) -> None:
        try:
            call.value = fn()
        except BaseException as exc:  # every waiter gets it, the leader included
            call.error = exc
        finally:
            # Forget the call before waking anyone: from now on a caller starts a fresh call,
            # so neither a result nor an error outlives its flight.
            with self._lock:
                del self._calls[key]
            call.done.set()  # in `finally`: waiters on a failed call must wake too

    def do(self, key: K, fn: Callable[[], T]) -> T:
        call, leader = self._join(key)
        if leader:
            self._run(key, call, fn)
        else:
            call.done.wait()
        result: T = call.outcome()
        return result

    def callers(self, key: K) -> int:
        with self._lock:
            call = self._calls.get(key)
            return call.callers if call is not None else 0
