"""Top K endpoints of the last N seconds: a window of requests, counts, and two indexed heaps."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator


class IndexedHeap:
    """A binary heap of keys that also knows where each key sits.

    `before(a, b)` says a belongs nearer the root than b, from the caller's current counts. The
    position index is the interview point: a key whose count changed is found in O(1) and
    moved in O(log n); a plain heapq list would need an O(n) search first.
    """

    def __init__(self, before: Callable[[str, str], bool]) -> None:
        self._before = before
        self._items: list[str] = []
        self._pos: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: str) -> bool:
        return key in self._pos

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def peek(self) -> str:
        return self._items[0]

    def push(self, key: str) -> None:
        self._items.append(key)
        self._pos[key] = len(self._items) - 1
        self._up(len(self._items) - 1)

    def pop(self) -> str:
        root = self._items[0]
        self.remove(root)
        return root

    def remove(self, key: str) -> None:
        index = self._pos.pop(key)
        last = self._items.pop()
        if index < len(self._items):  # fill the hole with the last key, then restore order
            self._items[index] = last
            self._pos[last] = index
            self.update(last)

    def update(self, key: str) -> None:
        """Restore the heap after `key`'s count changed either way."""
        index = self._pos[key]
        if not self._up(index):
            self._down(index)

    def _swap(self, i: int, j: int) -> None:
        items = self._items
        items[i], items[j] = items[j], items[i]
        self._pos[items[i]] = i
        self._pos[items[j]] = j

    def _up(self, index: int) -> bool:
        moved = False
        while index > 0:
            parent = (index - 1) // 2
            if not self._before(self._items[index], self._items[parent]):
                break
            self._swap(index, parent)
            index, moved = parent, True
        return moved

    def _down(self, index: int) -> None:
        size = len(self._items)
        while True:
            first = index
            for child in (2 * index + 1, 2 * index + 2):
                if child < size and self._before(self._items[child], self._items[first]):
                    first = child
            if first == index:
                return
            self._swap(index, first)
            index = first


class TopKWindow:
    """The k most requested endpoints among requests in the window (now - window, now]."""

    def __init__(self, k: int, window: float = 300.0) -> None:
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if window <= 0:
            raise ValueError(f"window must be positive, got {window}")
        self.k = k
        self.window = window
        self._requests: deque[tuple[float, str]] = deque()  # oldest first
        self._counts: dict[str, int] = {}  # endpoints with requests in the window only
        # _top: the k best, worst at the root, so a challenger compares with one entry.
        # _rest: every other endpoint, best at the root: the one to promote when a top count drops.
        self._top = IndexedHeap(lambda a, b: self._better(b, a))
        self._rest = IndexedHeap(self._better)
        self._latest = float("-inf")
        self._lock = threading.Lock()

    def _better(self, a: str, b: str) -> bool:
        """a ranks above b: more requests, then the smaller name (a deterministic tie-break)."""
        count_a, count_b = self._counts[a], self._counts[b]
        return count_a > count_b or (count_a == count_b and a < b)

    def _advance(self, now: float) -> None:
        if now < self._latest:
            raise ValueError(f"time went backwards: {now} after {self._latest}")
        self._latest = now
        # Lazy expiry: a request at exactly now - window is out (the window is half-open).
        horizon = now - self.window
        while self._requests and self._requests[0][0] <= horizon:
            _, endpoint = self._requests.popleft()
            self._counts[endpoint] -= 1
            if self._counts[endpoint] == 0:
                heap = self._top if endpoint in self._top else self._rest
                heap.remove(endpoint)
                del self._counts[endpoint]
            else:
                (self._top if endpoint in self._top else self._rest).update(endpoint)
            self._rebalance()

    def _rebalance(self) -> None:
        # After a count moves by one, at most one endpoint crosses between the heaps.
        while len(self._top) < self.k and self._rest:
            self._top.push(self._rest.pop())
        while self._top and self._rest and self._better(self._rest.peek(), self._top.peek()):
            promoted, demoted = self._rest.pop(), self._top.pop()
            self._top.push(promoted)
            self._rest.push(demoted)

    def record(self, endpoint: str, ts: float) -> None:
        """Count one request; timestamps must not go back in time."""
        with self._lock:
            self._advance(ts)
            self._requests.append((ts, endpoint))
            self._counts[endpoint] = self._counts.get(endpoint, 0) + 1
            if endpoint in self._top:
                self._top.update(endpoint)
            elif endpoint in self._rest:
                self._rest.update(endpoint)
            else:
                self._rest.push(endpoint)
            self._rebalance()

    def top(self, k: int, now: float) -> list[tuple[str, int]]:
        """The k best endpoints at `now` as (endpoint, count), most first. O(K log K)."""
        if not 1 <= k <= self.k:
            raise ValueError(f"k must be in 1..{self.k}, got {k}")
        with self._lock:
            self._advance(now)
            ranked = sorted(self._top, key=lambda e: (-self._counts[e], e))
            return [(endpoint, self._counts[endpoint]) for endpoint in ranked[:k]]

    def count(self, endpoint: str, now: float) -> int:
        """Requests for `endpoint` in the window ending at `now`."""
        with self._lock:
            self._advance(now)
            return self._counts.get(endpoint, 0)
