"""Connection pool: bounded size, blocking acquire with a timeout, health checks, idle eviction."""

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
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        if not 0 <= min_idle <= max_size:
            raise ValueError(f"min_idle must be in [0, max_size], got {min_idle}")
        if idle_timeout is not None and idle_timeout <= 0:
            raise ValueError(f"idle_timeout must be positive, got {idle_timeout}")
        self._factory = factory
        self.max_size = max_size
        self.min_idle = min_idle
        self.idle_timeout = idle_timeout
        self._clock = clock or time.monotonic
        self._cond = threading.Condition()
        # (connection, released at). Taken from the right (LIFO): the busiest connections stay
        # warm and the spare ones sink to the left, where idle eviction finds them.
        self._idle: deque[tuple[C, float]] = deque()
        self._in_use: dict[int, C] = {}
        self._size = 0  # connections open or being opened: never above max_size
        self.maintain()

    @property
    def size(self) -> int:
        with self._cond:
            return self._size

    @property
    def idle(self) -> int:
        with self._cond:
            return len(self._idle)

    @property
    def in_use(self) -> int:
        with self._cond:
            return len(self._in_use)

    def _take_or_reserve(self, deadline: float | None) -> C | None:
        """Under the lock: an idle connection, or None with a slot reserved for a new one."""
        while True:
            if self._idle:
                conn = self._idle.pop()[0]
                self._in_use[id(conn)] = conn
                return conn
            if self._size < self.max_size:
                # Count the slot before creating outside the lock, or a herd of threads all see
                # room for one more and open far more than max_size connections.
                self._size += 1
                return None
            # The timeout is real time (the caller's patience), not the injected clock.
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise PoolTimeout(f"all {self.max_size} connections busy for the whole timeout")
            self._cond.wait(remaining)

    def acquire(self, timeout: float | None = None) -> C:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._cond:
                conn = self._take_or_reserve(deadline)
            if conn is None:
                # Opening a connection is slow (TCP, TLS, auth): never hold the lock for it.
                try:
                    conn = self._factory()
                except BaseException:
                    self._forget(None)
                    raise
                with self._cond:
                    self._in_use[id(conn)] = conn
                return conn
            if self._healthy(conn):
                return conn
            self._forget(conn)  # broken: close it, free its slot, and try again

    @staticmethod
    def _healthy(conn: C) -> bool:
        try:
            return bool(conn.ping())
        except Exception:
            return False

    def _forget(self, conn: C | None) -> None:
        """Give up a slot (and close `conn`, checked out by the caller) and wake a waiter."""
        with self._cond:
            if conn is not None:
                del self._in_use[id(conn)]
            self._size -= 1
            self._cond.notify()
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def release(self, conn: C) -> None:
        with self._cond:
            if self._in_use.get(id(conn)) is not conn:
                raise ValueError("connection is not checked out from this pool (released twice?)")
            del self._in_use[id(conn)]
            self._idle.append((conn, self._clock()))
            self._cond.notify()

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[C]:
        conn = self.acquire(timeout)
        try:
            yield conn
        finally:  # the body raising must not leak the connection
            self.release(conn)

    def maintain(self) -> None:
        """Close connections idle for idle_timeout (keeping min_idle), then top up to min_idle."""
        expired: list[C] = []
        with self._cond:
            now = self._clock()
            while (
                self.idle_timeout is not None
                and len(self._idle) > self.min_idle
                and now - self._idle[0][1] >= self.idle_timeout
            ):
                expired.append(self._idle.popleft()[0])
                self._size -= 1
            missing = min(self.min_idle - len(self._idle), self.max_size - self._size)
            missing = max(missing, 0)
            self._size += missing
        for conn in expired:
            with contextlib.suppress(Exception):
                conn.close()
        for created in range(missing):
            try:
                conn = self._factory()
            except BaseException:
                with self._cond:
                    self._size -= missing - created
                    self._cond.notify_all()
                raise
            with self._cond:
                self._idle.append((conn, self._clock()))
                self._cond.notify()
