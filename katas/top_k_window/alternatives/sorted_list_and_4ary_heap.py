"""A SortedList of (-count, endpoint) ranks the window's endpoints; IndexedHeap is 4-ary.

The tracker keeps no heap: each count change moves one entry of the SortedList (O(log M)), and a
query reads its first k entries. IndexedHeap is a 4-ary heap with a position map, written from
its docstring. One lock guards the tracker.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator

from sortedcontainers import SortedList

ARITY = 4


class IndexedHeap:
    """A 4-ary heap of keys with a map from key to position."""

    def __init__(self, before: Callable[[str, str], bool]) -> None:
        self._before = before
        self._keys: list[str] = []
        self._where: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: str) -> bool:
        return key in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._keys))

    def peek(self) -> str:
        if not self._keys:
            raise IndexError("peek from an empty heap")
        return self._keys[0]

    def push(self, key: str) -> None:
        if key in self._where:
            raise ValueError(f"{key!r} is already in the heap")
        self._keys.append(key)
        self._where[key] = len(self._keys) - 1
        self._sift(len(self._keys) - 1)

    def pop(self) -> str:
        key = self.peek()
        self.remove(key)
        return key

    def remove(self, key: str) -> None:
        hole = self._where.pop(key)
        last = self._keys.pop()
        if hole == len(self._keys):
            return
        self._keys[hole] = last
        self._where[last] = hole
        self._sift(hole)

    def update(self, key: str) -> None:
        self._sift(self._where[key])

    def _place(self, index: int, key: str) -> None:
        self._keys[index] = key
        self._where[key] = index

    def _sift(self, index: int) -> None:
        key = self._keys[index]
        while index > 0:  # up while it beats its parent
            parent = (index - 1) // ARITY
            if not self._before(key, self._keys[parent]):
                break
            self._place(index, self._keys[parent])
            index = parent
        size = len(self._keys)
        while True:  # down while a child beats it
            first = ARITY * index + 1
            best = None
            for child in range(first, min(first + ARITY, size)):
                candidate = self._keys[child]
                if self._before(candidate, key if best is None else self._keys[best]):
                    best = child
            if best is None:
                break
            self._place(index, self._keys[best])
            index = best
        self._place(index, key)


class TopKWindow:
    """The k most requested endpoints in the window (now - window, now]."""

    def __init__(self, k: int, window: float = 300.0) -> None:
        if k < 1 or window <= 0:
            raise ValueError("k must be at least 1 and the window positive")
        self._k = k
        self._window = window
        self._arrivals: deque[tuple[float, str]] = deque()
        self._counts: dict[str, int] = {}
        self._ranked = SortedList()  # (-count, endpoint) for every endpoint in the window
        self._now = float("-inf")
        self._lock = threading.Lock()

    def _change(self, endpoint: str, delta: int) -> None:
        old = self._counts.get(endpoint, 0)
        if old:
            self._ranked.remove((-old, endpoint))
        new = old + delta
        if new:
            self._counts[endpoint] = new
            self._ranked.add((-new, endpoint))
        else:
            del self._counts[endpoint]

    def _at(self, now: float) -> None:
        if now < self._now:
            raise ValueError("time went backwards")
        self._now = now
        while self._arrivals and self._arrivals[0][0] <= now - self._window:
            self._change(self._arrivals.popleft()[1], -1)

    def record(self, endpoint: str, ts: float) -> None:
        with self._lock:
            self._at(ts)
            self._arrivals.append((ts, endpoint))
            self._change(endpoint, +1)

    def top(self, k: int, now: float) -> list[tuple[str, int]]:
        if k < 1 or k > self._k:
            raise ValueError(f"k must be in 1..{self._k}")
        with self._lock:
            self._at(now)
            return [(endpoint, -negative) for negative, endpoint in self._ranked.islice(0, k)]

    def count(self, endpoint: str, now: float) -> int:
        with self._lock:
            self._at(now)
            return self._counts.get(endpoint, 0)
