"""Streaming median: two heaps, O(log n) add and O(1) median; a sliding-window variant; locked."""

from __future__ import annotations

import heapq
import threading

LOW, HIGH = 0, 1


class MedianFinder:
    """Median of every number added so far."""

    def __init__(self) -> None:
        # The smaller half as a max-heap (values negated) and the larger half as a min-heap.
        # Invariants: every value in _low <= every value in _high, and
        # len(_low) is len(_high) or len(_high) + 1, so the median sits on the tops.
        self._low: list[float] = []
        self._high: list[float] = []
        self._lock = threading.Lock()

    def add(self, value: float) -> None:
        with self._lock:  # the push and the rebalance are one step for other threads
            if not self._low or value <= -self._low[0]:
                heapq.heappush(self._low, -value)
            else:
                heapq.heappush(self._high, value)
            # One move at most restores the size invariant: each add changes one size by one.
            if len(self._low) > len(self._high) + 1:
                heapq.heappush(self._high, -heapq.heappop(self._low))
            elif len(self._high) > len(self._low):
                heapq.heappush(self._low, -heapq.heappop(self._high))

    def median(self) -> float:
        with self._lock:
            if not self._low:
                raise ValueError("median of an empty stream")
            if len(self._low) > len(self._high):
                return -self._low[0]
            return (-self._low[0] + self._high[0]) / 2

    def __len__(self) -> int:
        with self._lock:
            return len(self._low) + len(self._high)


# A heap entry: (key, seq). `key` is the value (negated in the low heap); `seq` numbers the values
# in arrival order, so an entry is out of the window exactly when its seq is, duplicates or not.
Entry = tuple[float, int]


class WindowMedian:
    """Median of the last `size` numbers added."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"window size must be at least 1, got {size}")
        self.size = size
        self._low: list[Entry] = []
        self._high: list[Entry] = []
        self._side: dict[int, int] = {}  # seq -> LOW or HIGH, for the values in the window
        self._live = [0, 0]  # values of the window in each heap (the heaps also hold stale ones)
        self._seq = 0  # seq of the next value
        self._lock = threading.Lock()

    def _expired(self, seq: int) -> bool:
        return seq < self._seq - self.size

    def _prune(self, heap: list[Entry]) -> None:
        # Lazy deletion: a value that left the window is only popped once it reaches a top.
        first_live = self._seq - self.size  # the values numbered below it have left the window
        while heap and heap[0][1] < first_live:
            heapq.heappop(heap)

    def _move(self, source: int) -> None:
        src, dst = (self._low, self._high) if source == LOW else (self._high, self._low)
        self._prune(src)
        key, seq = heapq.heappop(src)
        heapq.heappush(dst, (-key, seq))
        self._side[seq] = 1 - source
        self._live[source] -= 1
        self._live[1 - source] += 1

    def _compact(self) -> None:
        # Stale entries deep in a heap never reach the top (an old small value in the max-heap):
        # rebuild once they outnumber the window, O(size) every `size` adds, O(1) amortised.
        self._low = [e for e in self._low if not self._expired(e[1])]
        self._high = [e for e in self._high if not self._expired(e[1])]
        heapq.heapify(self._low)
        heapq.heapify(self._high)

    def add(self, value: float) -> None:
        with self._lock:
            seq = self._seq
            self._seq += 1
            self._prune(self._low)
            if not self._low or value <= -self._low[0][0]:
                heapq.heappush(self._low, (-value, seq))
                side = LOW
            else:
                heapq.heappush(self._high, (value, seq))
                side = HIGH
            self._side[seq] = side
            self._live[side] += 1
            leaving = seq - self.size
            if leaving >= 0:
                self._live[self._side.pop(leaving)] -= 1
            while self._live[LOW] > self._live[HIGH] + 1:
                self._move(LOW)
            while self._live[HIGH] > self._live[LOW]:
                self._move(HIGH)
            if len(self._low) + len(self._high) > 2 * self.size:
                self._compact()

    def median(self) -> float:
        with self._lock:
            if not self._side:
                raise ValueError("median of an empty window")
            self._prune(self._low)
            self._prune(self._high)
            if self._live[LOW] > self._live[HIGH]:
                return -self._low[0][0]
            return (-self._low[0][0] + self._high[0][0]) / 2

    def __len__(self) -> int:
        with self._lock:
            return len(self._side)
