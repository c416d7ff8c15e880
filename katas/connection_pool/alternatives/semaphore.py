"""Connection pool gated by a threading.Semaphore of max_size checkout permits.

A caller first takes a permit (the semaphore does the waiting, with its own predicate loop and
timeout), then, under a plain lock, the newest idle connection or a reserved slot to open one
outside the lock. Releasing puts the connection back and returns the permit.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

Clock = Callable[[], float]


class Connection(Protocol):
    def ping(self) -> bool: ...

    def close(self) -> None: ...


C = TypeVar("C", bound=Connection)


class PoolTimeout(TimeoutError):
    """No connection became free within the acquire timeout."""


class ConnectionPool(Generic[C]):
    def __init__(
        self,
        factory: Callable[[], C],
        max_size: int = 10,
        *,
        min_idle: int = 0,
        idle_timeout: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        if max_size < 1 or not 0 <= min_idle <= max_size:
            raise ValueError("need max_size >= 1 and 0 <= min_idle <= max_size")
        if idle_timeout is not None and not idle_timeout > 0:
            raise ValueError("idle_timeout must be positive")
        self._factory = factory
        self._max = max_size
        self._min_idle = min_idle
        self._idle_timeout = idle_timeout
        self._clock = clock or time.monotonic
        self._permits = threading.Semaphore(max_size)
        self._lock = threading.Lock()
        # Only for one corner: maintain() opening min_idle connections that have not landed yet.
        self._landed = threading.Condition(self._lock)
        self._idle: deque[tuple[C, float]] = deque()  # oldest on the left, newest on the right
        self._out: dict[int, C] = {}
        self._open = 0  # open or being opened
        self.maintain()

    @property
    def size(self) -> int:
        with self._lock:
            return self._open

    @property
    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    @property
    def in_use(self) -> int:
        with self._lock:
            return len(self._out)

    def acquire(self, timeout: float | None = None) -> C:
        if timeout is None:
            got = self._permits.acquire()
        elif timeout <= 0:
            got = self._permits.acquire(blocking=False)
        else:
            got = self._permits.acquire(timeout=timeout)
        if not got:
            raise PoolTimeout(f"no connection free within {timeout}s")
        try:
            return self._checkout()
        except BaseException:
            self._permits.release()
            raise

    def _checkout(self) -> C:
        while True:
            with self._lock:
                # A permit means fewer than max_size are checked out; any other open slot is a
                # min_idle connection that maintain() is still opening, soon idle: wait for it.
                while not self._idle and self._open >= self._max:
                    self._landed.wait()
                conn = self._idle.pop()[0] if self._idle else None
                if conn is None:
                    self._open += 1  # reserve the slot, then open outside the lock
            if conn is None:
                try:
                    conn = self._factory()
                except BaseException:
                    with self._lock:
                        self._open -= 1
                        self._landed.notify_all()
                    raise
                with self._lock:
                    self._out[id(conn)] = conn
                return conn
            try:
                healthy = bool(conn.ping())
            except Exception:
                healthy = False
            if healthy:
                with self._lock:
                    self._out[id(conn)] = conn
                return conn
            with self._lock:
                self._open -= 1
                self._landed.notify_all()
            with contextlib.suppress(Exception):
                conn.close()

    def release(self, conn: C) -> None:
        with self._lock:
            if self._out.get(id(conn)) is not conn:
                raise ValueError("connection is not checked out from this pool")
            del self._out[id(conn)]
            self._idle.append((conn, self._clock()))
        self._permits.release()

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[C]:
        conn = self.acquire(timeout)
        try:
            yield conn
        finally:
            self.release(conn)

    def maintain(self) -> None:
        evicted: list[C] = []
        with self._lock:
            if self._idle_timeout is not None:
                now = self._clock()
                while (
                    len(self._idle) > self._min_idle
                    and now - self._idle[0][1] >= self._idle_timeout
                ):
                    evicted.append(self._idle.popleft()[0])
                    self._open -= 1
            wanted = max(0, min(self._min_idle - len(self._idle), self._max - self._open))
            self._open += wanted
        for conn in evicted:
            with contextlib.suppress(Exception):
                conn.close()
        for opened in range(wanted):
            try:
                conn = self._factory()
            except BaseException:
                with self._lock:
                    self._open -= wanted - opened
                    self._landed.notify_all()
                raise
            with self._lock:
                self._idle.append((conn, self._clock()))
                self._landed.notify_all()
