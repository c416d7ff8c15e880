"""Mutant: top() sorts the counts of every endpoint in the window.

category: perf
Right answers, but a query costs O(M log M) for M endpoints instead of O(K log K).
"""

from __future__ import annotations

from reference import top_k_window as reference

__all__ = ["IndexedHeap", "TopKWindow"]

IndexedHeap = reference.IndexedHeap


class TopKWindow(reference.TopKWindow):
    def top(self, k: int, now: float) -> list[tuple[str, int]]:
        if not 1 <= k <= self.k:
            raise ValueError(f"k must be in 1..{self.k}, got {k}")
        with self._lock:
            self._advance(now)
            ranked = sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))
            return ranked[:k]
