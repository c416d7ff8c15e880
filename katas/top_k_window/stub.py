"""Top K endpoints of the last five minutes.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


class IndexedHeap:
    """A binary heap of keys with a map from key to position (a helper for TopKWindow).

    `before(a, b)` says a belongs nearer the root than b. Every operation is O(log n).
    """

    def __init__(self, before: Callable[[str, str], bool]) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __contains__(self, key: str) -> bool:
        raise NotImplementedError

    def __iter__(self) -> Iterator[str]:
        raise NotImplementedError

    def peek(self) -> str:
        """The root key."""
        raise NotImplementedError

    def push(self, key: str) -> None:
        raise NotImplementedError

    def pop(self) -> str:
        """Remove and return the root key."""
        raise NotImplementedError

    def remove(self, key: str) -> None:
        """Remove any key."""
        raise NotImplementedError

    def update(self, key: str) -> None:
        """Restore heap order after the rank of `key` changed, up or down."""
        raise NotImplementedError


class TopKWindow:
    """The k most requested endpoints among the requests in the window (now - window, now].

    `k` is the most a query may ask for; `window` is in seconds. Raise ValueError for k < 1 or a
    window that is not positive. Timestamps are explicit (seconds); a `ts` or `now` earlier than
    one already seen is a ValueError. Safe to call from many threads at once.
    """

    def __init__(self, k: int, window: float = 300.0) -> None:
        raise NotImplementedError

    def record(self, endpoint: str, ts: float) -> None:
        """Count one request for `endpoint` at time `ts`. O(log K) amortised."""
        raise NotImplementedError

    def top(self, k: int, now: float) -> list[tuple[str, int]]:
        """The k best endpoints at `now` as (endpoint, count): most requests first, ties by name.

        A request at exactly now - window has left the window. k outside 1..K is a ValueError.
        Cost O(K log K), whatever the number of endpoints.
        """
        raise NotImplementedError

    def count(self, endpoint: str, now: float) -> int:
        """Requests for `endpoint` in the window ending at `now`."""
        raise NotImplementedError
