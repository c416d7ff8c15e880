"""Connection pool.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import contextlib
import threading  # noqa: F401 - many threads share one pool
import time  # noqa: F401 - the default clock is time.monotonic
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

Clock = Callable[[], float]


class Connection(Protocol):
    def ping(self) -> bool:
        """True if the connection still works (it may also raise when it does not)."""
        ...

    def close(self) -> None:
        """Close the connection (on a broken one it may raise too)."""
        ...


C = TypeVar("C", bound=Connection)


class PoolTimeout(TimeoutError):
    """No connection became free within the acquire timeout."""


class ConnectionPool(Generic[C]):
    """Hands out at most `max_size` connections made by `factory()`, and takes them back.

    `idle_timeout` (seconds, None for never) and `min_idle` drive `maintain()`. `clock` returns
    seconds and stamps released connections for idle eviction; None means `time.monotonic`, looked
    up when the pool is created. Acquire timeouts are real waits, not measured on `clock`.
    The constructor opens `min_idle` connections. Raise ValueError for max_size < 1, a min_idle
    outside [0, max_size] or an idle_timeout that is not positive.
    """

    def __init__(
        self,
        factory: Callable[[], C],
        max_size: int = 10,
        *,
        min_idle: int = 0,
        idle_timeout: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        raise NotImplementedError

    @property
    def size(self) -> int:
        """Connections open (idle or checked out)."""
        raise NotImplementedError

    @property
    def idle(self) -> int:
        """Connections open and waiting in the pool."""
        raise NotImplementedError

    @property
    def in_use(self) -> int:
        """Connections checked out."""
        raise NotImplementedError

    def acquire(self, timeout: float | None = None) -> C:
        """Check out a connection: the most recently released idle one that answers `ping()`
        (broken ones are closed and dropped), else a new one from `factory()` if fewer than
        `max_size` are open, else wait for a release. Raise PoolTimeout after `timeout` seconds
        (None: wait forever; 0 or negative: do not wait, but still take a free connection). A
        waiter woken for a connection someone else took first waits on until its timeout; it
        never returns without a connection. An exception from `factory()` reaches the caller and
        leaves the pool as it was. O(1) plus one ping() per idle connection tried."""
        raise NotImplementedError

    def release(self, conn: C) -> None:
        """Return a checked-out connection; ValueError if it is not checked out from this pool.

        O(1): no scan over the connections checked out."""
        raise NotImplementedError

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[C]:
        """`with pool.connection() as conn:` acquires, and releases however the block ends."""
        raise NotImplementedError

    def maintain(self) -> None:
        """What a background timer would call: close idle connections unused for `idle_timeout`
        seconds or more, oldest first, never leaving fewer than `min_idle` idle; then open new
        ones until `min_idle` are idle (never above `max_size` in total). Costs
        O(connections evicted + connections opened), not O(idle connections)."""
        raise NotImplementedError
