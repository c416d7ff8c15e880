"""Mutant: one heapq of (-count, endpoint) entries, a new one per count change, stale ones skipped.

category: perf
Answers are right, but stale entries that sink below the top are never dropped or compacted, so
the heap grows with every request ever recorded instead of the requests in the window.
"""

from __future__ import annotations

import heapq

from reference import top_k_window as reference

__all__ = ["IndexedHeap", "TopKWindow"]

IndexedHeap = reference.IndexedHeap


class TopKWindow(reference.TopKWindow):
    def __init__(self, k: int, window: float = 300.0) -> None:
        super().__init__(k, window)
        self._entries: list[tuple[int, str]] = []

    def _advance(self, now: float) -> None:
        if now < self._latest:
            raise ValueError(f"time went backwards: {now} after {self._latest}")
        self._latest = now
        while self._requests and self._requests[0][0] <= now - self.window:
            _, endpoint = self._requests.popleft()
            self._counts[endpoint] -= 1
            if self._counts[endpoint]:
                heapq.heappush(self._entries, (-self._counts[endpoint], endpoint))
            else:
                del self._counts[endpoint]

    def record(self, endpoint: str, ts: float) -> None:
        with self._lock:
            self._advance(ts)
            self._requests.append((ts, endpoint))
            self._counts[endpoint] = self._counts.get(endpoint, 0) + 1
            heapq.heappush(self._entries, (-self._counts[endpoint], endpoint))

    def top(self, k: int, now: float) -> list[tuple[str, int]]:
        if not 1 <= k <= self.k:
            raise ValueError(f"k must be in 1..{self.k}, got {k}")
        with self._lock:
            self._advance(now)
            found: list[tuple[int, str]] = []
            while self._entries and len(found) < k:
                entry = heapq.heappop(self._entries)
                negative, endpoint = entry
                if self._counts.get(endpoint) == -negative and entry not in found:
                    found.append(entry)  # stale and duplicate entries at the top are dropped
            for entry in found:
                heapq.heappush(self._entries, entry)
            return [(endpoint, -negative) for negative, endpoint in found]
