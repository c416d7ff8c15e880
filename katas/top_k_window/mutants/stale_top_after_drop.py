"""Mutant: when a top endpoint's count drops, nothing outside the heap is promoted.

category: edge
The heap keeps an endpoint that others now beat (the classic stale entry of a size-K heap).
"""

from __future__ import annotations

from reference import top_k_window as reference

__all__ = ["IndexedHeap", "TopKWindow"]

IndexedHeap = reference.IndexedHeap


class TopKWindow(reference.TopKWindow):
    def _advance(self, now: float) -> None:
        if now < self._latest:
            raise ValueError(f"time went backwards: {now} after {self._latest}")
        self._latest = now
        horizon = now - self.window
        while self._requests and self._requests[0][0] <= horizon:
            _, endpoint = self._requests.popleft()
            self._counts[endpoint] -= 1
            heap = self._top if endpoint in self._top else self._rest
            if self._counts[endpoint] == 0:
                heap.remove(endpoint)
                del self._counts[endpoint]
            else:
                heap.update(endpoint)  # no rebalance: a better outsider stays outside
